using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "accounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: false),
                    Provider = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ProtectedConfig = table.Column<string>(type: "text", nullable: true),
                    ProtectedCredentials = table.Column<string>(type: "text", nullable: true),
                    IsExhausted = table.Column<bool>(type: "boolean", nullable: false),
                    ExhaustedUntil = table.Column<long>(type: "bigint", nullable: true),
                    LastUsedAt = table.Column<long>(type: "bigint", nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    CredentialsExpireAt = table.Column<long>(type: "bigint", nullable: true),
                    CredentialsRefreshable = table.Column<bool>(type: "boolean", nullable: false),
                    ExpiryReportedFor = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agent_log_chunks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    AgentName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SessionNumber = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    StartOffset = table.Column<long>(type: "bigint", nullable: false),
                    EndOffset = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_log_chunks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agent_projects",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_projects", x => new { x.AgentId, x.ProjectId });
                });

            migrationBuilder.CreateTable(
                name: "agent_sessions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    SessionNumber = table.Column<int>(type: "integer", nullable: false),
                    ProviderSessionId = table.Column<string>(type: "text", nullable: true),
                    AccountId = table.Column<string>(type: "text", nullable: true),
                    Provider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    Model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    InputTokens = table.Column<long>(type: "bigint", nullable: true),
                    OutputTokens = table.Column<long>(type: "bigint", nullable: true),
                    CacheReadTokens = table.Column<long>(type: "bigint", nullable: true),
                    CacheWriteTokens = table.Column<long>(type: "bigint", nullable: true),
                    CostUsd = table.Column<double>(type: "double precision", nullable: true),
                    DurationMs = table.Column<long>(type: "bigint", nullable: true),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    StartedAt = table.Column<long>(type: "bigint", nullable: false),
                    EndedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agent_verifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    SessionNumber = table.Column<int>(type: "integer", nullable: false),
                    ProjectName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Command = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    TimedOut = table.Column<bool>(type: "boolean", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    OutputTail = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_verifications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RequestId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    ErrandId = table.Column<string>(type: "text", nullable: true),
                    SessionId = table.Column<string>(type: "text", nullable: true),
                    WorktreeId = table.Column<string>(type: "text", nullable: false),
                    Provider = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    AccountId = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Mode = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Pid = table.Column<int>(type: "integer", nullable: true),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    Prompt = table.Column<string>(type: "text", nullable: true),
                    OutputFilePath = table.Column<string>(type: "text", nullable: true),
                    Result = table.Column<string>(type: "text", nullable: true),
                    PendingQuestions = table.Column<string>(type: "text", nullable: true),
                    UserDismissedAt = table.Column<long>(type: "bigint", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    SessionNumber = table.Column<int>(type: "integer", nullable: false),
                    OutputOffset = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    RequiredOutputs = table.Column<string>(type: "text", nullable: false),
                    StatusReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    RetryCount = table.Column<int>(type: "integer", nullable: false),
                    RunStartedAt = table.Column<long>(type: "bigint", nullable: true),
                    CommitRequested = table.Column<bool>(type: "boolean", nullable: false),
                    VerifyFailures = table.Column<int>(type: "integer", nullable: false),
                    WaitingForAccountUntil = table.Column<long>(type: "bigint", nullable: true),
                    AllowedProviders = table.Column<string>(type: "text", nullable: false),
                    ProviderHistory = table.Column<string>(type: "text", nullable: false),
                    PortBase = table.Column<int>(type: "integer", nullable: true),
                    PendingPrompt = table.Column<string>(type: "text", nullable: true),
                    VerifyCommandOverride = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inbox_messages",
                columns: table => new
                {
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Consumer = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ProcessedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox_messages", x => new { x.MessageId, x.Consumer });
                });

            migrationBuilder.CreateTable(
                name: "merge_outcomes",
                columns: table => new
                {
                    RequestId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Detail = table.Column<string>(type: "text", nullable: true),
                    SettledAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merge_outcomes", x => x.RequestId);
                });

            migrationBuilder.CreateTable(
                name: "merged_result_checks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RequestId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProjectName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SourceBranch = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TargetBranch = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    MergeCommit = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Command = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    ExitCode = table.Column<int>(type: "integer", nullable: true),
                    TimedOut = table.Column<bool>(type: "boolean", nullable: false),
                    DurationMs = table.Column<long>(type: "bigint", nullable: false),
                    OutputTail = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merged_result_checks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "outbox_messages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Destination = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    TraceParent = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    SentAt = table.Column<long>(type: "bigint", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    DeadLettered = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_messages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "planning_views",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Description = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planning_views", x => new { x.Kind, x.Id });
                });

            migrationBuilder.CreateTable(
                name: "project_views",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    DefaultBranch = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    VerifyCommand = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    VerifyTimeoutSeconds = table.Column<int>(type: "integer", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_views", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "usage_budgets",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ScopeId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LimitUsd = table.Column<decimal>(type: "numeric", nullable: false),
                    SetAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_budgets", x => new { x.Scope, x.ScopeId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_accounts_Provider_Email",
                table: "accounts",
                columns: new[] { "Provider", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agent_log_chunks_AgentId_StartOffset",
                table: "agent_log_chunks",
                columns: new[] { "AgentId", "StartOffset" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agent_projects_ProjectId",
                table: "agent_projects",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_agent_sessions_AgentId_SessionNumber",
                table: "agent_sessions",
                columns: new[] { "AgentId", "SessionNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agent_sessions_EndedAt",
                table: "agent_sessions",
                column: "EndedAt");

            migrationBuilder.CreateIndex(
                name: "IX_agent_sessions_InitiativeId",
                table: "agent_sessions",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_agent_verifications_AgentId_SessionNumber",
                table: "agent_verifications",
                columns: new[] { "AgentId", "SessionNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_agents_Name",
                table: "agents",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agents_RequestId",
                table: "agents",
                column: "RequestId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_agents_Status",
                table: "agents",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_agents_TaskId",
                table: "agents",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_merged_result_checks_RequestId",
                table: "merged_result_checks",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_merged_result_checks_SourceBranch",
                table: "merged_result_checks",
                column: "SourceBranch");

            migrationBuilder.CreateIndex(
                name: "IX_merged_result_checks_TargetBranch",
                table: "merged_result_checks",
                column: "TargetBranch");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SentAt_DeadLettered_Sequence",
                table: "outbox_messages",
                columns: new[] { "SentAt", "DeadLettered", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_planning_views_InitiativeId",
                table: "planning_views",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_planning_views_PhaseId",
                table: "planning_views",
                column: "PhaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "accounts");

            migrationBuilder.DropTable(
                name: "agent_log_chunks");

            migrationBuilder.DropTable(
                name: "agent_projects");

            migrationBuilder.DropTable(
                name: "agent_sessions");

            migrationBuilder.DropTable(
                name: "agent_verifications");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "merge_outcomes");

            migrationBuilder.DropTable(
                name: "merged_result_checks");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "planning_views");

            migrationBuilder.DropTable(
                name: "project_views");

            migrationBuilder.DropTable(
                name: "usage_budgets");
        }
    }
}
