using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Codewalkers.Planning.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_assignments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    InitiativeId = table.Column<string>(type: "text", nullable: false),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    AgentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AgentName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "chat_turns",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    SessionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    AssignmentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ChangeSetId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Error = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Outputs = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_turns", x => x.Id);
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
                name: "initiatives",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Branch = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ExecutionMode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    QualityReview = table.Column<bool>(type: "boolean", nullable: false),
                    ExecutionStartedAt = table.Column<long>(type: "bigint", nullable: true),
                    Providers = table.Column<string[]>(type: "text[]", nullable: false),
                    VerifyCommand = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_initiatives", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "merge_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    InitiativeId = table.Column<string>(type: "text", nullable: false),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    ProjectId = table.Column<string>(type: "text", nullable: false),
                    SourceBranch = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    TargetBranch = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MergeBase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Error = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merge_requests", x => x.Id);
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
                name: "projects",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DefaultBranch = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LastFetchedAt = table.Column<long>(type: "bigint", nullable: true),
                    VerifyCommand = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    VerifyTimeoutSeconds = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_projects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "change_sets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "character varying(21)", nullable: false),
                    AgentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    RevertedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_change_sets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_change_sets_initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "character varying(21)", nullable: false),
                    ParentPageId = table.Column<string>(type: "character varying(21)", nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: true),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pages_initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_pages_pages_ParentPageId",
                        column: x => x.ParentPageId,
                        principalTable: "pages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "phases",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "character varying(21)", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MergeBase = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    BlockedReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Branch = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phases", x => x.Id);
                    table.ForeignKey(
                        name: "FK_phases_initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "proposals",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "character varying(21)", nullable: false),
                    AgentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TargetId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Content = table.Column<string>(type: "text", nullable: true),
                    Metadata = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SortOrder = table.Column<int>(type: "integer", nullable: false),
                    AppliedEntityId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    ChangeSetId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_proposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_proposals_initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "initiative_projects",
                columns: table => new
                {
                    InitiativeId = table.Column<string>(type: "character varying(21)", nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(21)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_initiative_projects", x => new { x.InitiativeId, x.ProjectId });
                    table.ForeignKey(
                        name: "FK_initiative_projects_initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_initiative_projects_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "change_set_entries",
                columns: table => new
                {
                    ChangeSetId = table.Column<string>(type: "character varying(21)", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    EntityType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_change_set_entries", x => new { x.ChangeSetId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_change_set_entries_change_sets_ChangeSetId",
                        column: x => x.ChangeSetId,
                        principalTable: "change_sets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "phase_dependencies",
                columns: table => new
                {
                    PhaseId = table.Column<string>(type: "character varying(21)", nullable: false),
                    DependsOnPhaseId = table.Column<string>(type: "character varying(21)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_phase_dependencies", x => new { x.PhaseId, x.DependsOnPhaseId });
                    table.ForeignKey(
                        name: "FK_phase_dependencies_phases_DependsOnPhaseId",
                        column: x => x.DependsOnPhaseId,
                        principalTable: "phases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_phase_dependencies_phases_PhaseId",
                        column: x => x.PhaseId,
                        principalTable: "phases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    PhaseId = table.Column<string>(type: "character varying(21)", nullable: true),
                    InitiativeId = table.Column<string>(type: "character varying(21)", nullable: false),
                    ParentTaskId = table.Column<string>(type: "character varying(21)", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Priority = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Summary = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    RetryCount = table.Column<int>(type: "integer", nullable: false),
                    BlockedReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    AllowOverlap = table.Column<bool>(type: "boolean", nullable: false),
                    WaitingForTaskId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    Files = table.Column<string>(type: "character varying(50100)", maxLength: 50100, nullable: true),
                    WaitingForPaths = table.Column<string>(type: "character varying(50100)", maxLength: 50100, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tasks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_tasks_initiatives_InitiativeId",
                        column: x => x.InitiativeId,
                        principalTable: "initiatives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_tasks_phases_PhaseId",
                        column: x => x.PhaseId,
                        principalTable: "phases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_tasks_tasks_ParentTaskId",
                        column: x => x.ParentTaskId,
                        principalTable: "tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "task_dependencies",
                columns: table => new
                {
                    TaskId = table.Column<string>(type: "character varying(21)", nullable: false),
                    DependsOnTaskId = table.Column<string>(type: "character varying(21)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_dependencies", x => new { x.TaskId, x.DependsOnTaskId });
                    table.ForeignKey(
                        name: "FK_task_dependencies_tasks_DependsOnTaskId",
                        column: x => x.DependsOnTaskId,
                        principalTable: "tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_task_dependencies_tasks_TaskId",
                        column: x => x.TaskId,
                        principalTable: "tasks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_assignments_AgentId",
                table: "agent_assignments",
                column: "AgentId");

            migrationBuilder.CreateIndex(
                name: "IX_agent_assignments_InitiativeId_Status",
                table: "agent_assignments",
                columns: new[] { "InitiativeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_agent_assignments_TaskId_Status",
                table: "agent_assignments",
                columns: new[] { "TaskId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_change_set_entries_EntityId",
                table: "change_set_entries",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_change_sets_InitiativeId_CreatedAt",
                table: "change_sets",
                columns: new[] { "InitiativeId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_chat_turns_AssignmentId_Status",
                table: "chat_turns",
                columns: new[] { "AssignmentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_initiative_projects_ProjectId",
                table: "initiative_projects",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_initiatives_Branch",
                table: "initiatives",
                column: "Branch",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_initiatives_Status",
                table: "initiatives",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_merge_requests_InitiativeId_Status",
                table: "merge_requests",
                columns: new[] { "InitiativeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_merge_requests_PhaseId_Status",
                table: "merge_requests",
                columns: new[] { "PhaseId", "Status" });

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
                name: "IX_pages_InitiativeId_ParentPageId_SortOrder",
                table: "pages",
                columns: new[] { "InitiativeId", "ParentPageId", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_pages_ParentPageId",
                table: "pages",
                column: "ParentPageId");

            migrationBuilder.CreateIndex(
                name: "IX_phase_dependencies_DependsOnPhaseId",
                table: "phase_dependencies",
                column: "DependsOnPhaseId");

            migrationBuilder.CreateIndex(
                name: "IX_phases_InitiativeId_CreatedAt",
                table: "phases",
                columns: new[] { "InitiativeId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_projects_Name",
                table: "projects",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_projects_Url",
                table: "projects",
                column: "Url",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_proposals_AgentId_Status",
                table: "proposals",
                columns: new[] { "AgentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_proposals_InitiativeId_Status_SortOrder",
                table: "proposals",
                columns: new[] { "InitiativeId", "Status", "SortOrder" });

            migrationBuilder.CreateIndex(
                name: "IX_task_dependencies_DependsOnTaskId",
                table: "task_dependencies",
                column: "DependsOnTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_InitiativeId_PhaseId_Order",
                table: "tasks",
                columns: new[] { "InitiativeId", "PhaseId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_InitiativeId_Status",
                table: "tasks",
                columns: new[] { "InitiativeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_ParentTaskId",
                table: "tasks",
                column: "ParentTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_tasks_PhaseId_Order",
                table: "tasks",
                columns: new[] { "PhaseId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_tasks_WaitingForTaskId",
                table: "tasks",
                column: "WaitingForTaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_assignments");

            migrationBuilder.DropTable(
                name: "change_set_entries");

            migrationBuilder.DropTable(
                name: "chat_turns");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "initiative_projects");

            migrationBuilder.DropTable(
                name: "merge_requests");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "pages");

            migrationBuilder.DropTable(
                name: "phase_dependencies");

            migrationBuilder.DropTable(
                name: "proposals");

            migrationBuilder.DropTable(
                name: "task_dependencies");

            migrationBuilder.DropTable(
                name: "change_sets");

            migrationBuilder.DropTable(
                name: "projects");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropTable(
                name: "phases");

            migrationBuilder.DropTable(
                name: "initiatives");
        }
    }
}
