using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Codewalkers.Collaboration.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "agent_views",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    Mode = table.Column<string>(type: "text", nullable: false),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ResumeRequestId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_views", x => x.AgentId);
                });

            migrationBuilder.CreateTable(
                name: "chat_sessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TargetId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    PhaseId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    TaskId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    AgentName = table.Column<string>(type: "text", nullable: true),
                    TurnState = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    TurnId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "conversations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    FromAgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    ToAgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    Question = table.Column<string>(type: "text", nullable: false),
                    Answer = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FailureReason = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    AnsweredAt = table.Column<long>(type: "bigint", nullable: true),
                    ResumeRequestId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_conversations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "feed_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    InitiativeId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    PhaseId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    TaskId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    AgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    ErrandId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    OccurredAt = table.Column<long>(type: "bigint", nullable: false),
                    RecordedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "feed_subjects",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_subjects", x => x.Id);
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
                name: "messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SenderType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SenderId = table.Column<string>(type: "text", nullable: true),
                    RecipientType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    RecipientId = table.Column<string>(type: "text", nullable: true),
                    Content = table.Column<string>(type: "text", nullable: false),
                    Questions = table.Column<string>(type: "text", nullable: true),
                    Answers = table.Column<string>(type: "text", nullable: true),
                    RequiresResponse = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    StatusReason = table.Column<string>(type: "text", nullable: true),
                    ParentMessageId = table.Column<string>(type: "character varying(21)", nullable: true),
                    AgentId = table.Column<string>(type: "text", nullable: true),
                    AgentName = table.Column<string>(type: "text", nullable: true),
                    AgentVersion = table.Column<long>(type: "bigint", nullable: true),
                    Session = table.Column<int>(type: "integer", nullable: true),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    TaskId = table.Column<string>(type: "text", nullable: true),
                    ErrandId = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false),
                    ReadAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_messages_messages_ParentMessageId",
                        column: x => x.ParentMessageId,
                        principalTable: "messages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "plan_item_views",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "text", nullable: false),
                    InitiativeId = table.Column<string>(type: "text", nullable: true),
                    PhaseId = table.Column<string>(type: "text", nullable: true),
                    ParentTaskId = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_item_views", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "review_comments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    PhaseId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    InitiativeId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    ProjectId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    FilePath = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    LineType = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    LineText = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Author = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AuthorAgentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    Resolved = table.Column<bool>(type: "boolean", nullable: false),
                    Outdated = table.Column<bool>(type: "boolean", nullable: false),
                    ParentCommentId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_review_comments_review_comments_ParentCommentId",
                        column: x => x.ParentCommentId,
                        principalTable: "review_comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Url = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: false),
                    Kinds = table.Column<string[]>(type: "text[]", nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Secret = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "chat_messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    SessionId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    TurnId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    EndsTurn = table.Column<bool>(type: "boolean", nullable: false),
                    ChangeSetId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: true),
                    Changes = table.Column<string>(type: "text", nullable: true),
                    Reverted = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_messages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_chat_messages_chat_sessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "chat_sessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    WebhookId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    FeedEntryId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "bigint", nullable: true),
                    LastStatusCode = table.Column<int>(type: "integer", nullable: true),
                    LastError = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DeliveredAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhook_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_webhook_deliveries_feed_entries_FeedEntryId",
                        column: x => x.FeedEntryId,
                        principalTable: "feed_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_webhook_deliveries_webhooks_WebhookId",
                        column: x => x.WebhookId,
                        principalTable: "webhooks",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_views_PhaseId",
                table: "agent_views",
                column: "PhaseId");

            migrationBuilder.CreateIndex(
                name: "IX_agent_views_TaskId",
                table: "agent_views",
                column: "TaskId");

            migrationBuilder.CreateIndex(
                name: "IX_chat_messages_SessionId_CreatedAt",
                table: "chat_messages",
                columns: new[] { "SessionId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_chat_messages_TurnId",
                table: "chat_messages",
                column: "TurnId");

            migrationBuilder.CreateIndex(
                name: "IX_chat_sessions_AgentId",
                table: "chat_sessions",
                column: "AgentId");

            migrationBuilder.CreateIndex(
                name: "IX_chat_sessions_TargetType_TargetId",
                table: "chat_sessions",
                columns: new[] { "TargetType", "TargetId" },
                unique: true,
                filter: "\"Status\" = 'active'");

            migrationBuilder.CreateIndex(
                name: "IX_chat_sessions_TargetType_TargetId_UpdatedAt",
                table: "chat_sessions",
                columns: new[] { "TargetType", "TargetId", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_conversations_FromAgentId",
                table: "conversations",
                column: "FromAgentId");

            migrationBuilder.CreateIndex(
                name: "IX_conversations_ToAgentId_Status",
                table: "conversations",
                columns: new[] { "ToAgentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_feed_entries_ErrandId_Id",
                table: "feed_entries",
                columns: new[] { "ErrandId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_feed_entries_InitiativeId_Id",
                table: "feed_entries",
                columns: new[] { "InitiativeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_feed_entries_RecordedAt",
                table: "feed_entries",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_messages_AgentId_Status",
                table: "messages",
                columns: new[] { "AgentId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_messages_ErrandId",
                table: "messages",
                column: "ErrandId");

            migrationBuilder.CreateIndex(
                name: "IX_messages_InitiativeId",
                table: "messages",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_messages_ParentMessageId",
                table: "messages",
                column: "ParentMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_messages_RecipientType_Status_CreatedAt",
                table: "messages",
                columns: new[] { "RecipientType", "Status", "CreatedAt" });

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
                name: "IX_plan_item_views_InitiativeId",
                table: "plan_item_views",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_plan_item_views_ParentTaskId",
                table: "plan_item_views",
                column: "ParentTaskId");

            migrationBuilder.CreateIndex(
                name: "IX_plan_item_views_PhaseId",
                table: "plan_item_views",
                column: "PhaseId");

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_InitiativeId",
                table: "review_comments",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_ParentCommentId",
                table: "review_comments",
                column: "ParentCommentId");

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_PhaseId",
                table: "review_comments",
                column: "PhaseId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_FeedEntryId",
                table: "webhook_deliveries",
                column: "FeedEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_Status_NextAttemptAt",
                table: "webhook_deliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhook_deliveries_WebhookId_CreatedAt",
                table: "webhook_deliveries",
                columns: new[] { "WebhookId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_views");

            migrationBuilder.DropTable(
                name: "chat_messages");

            migrationBuilder.DropTable(
                name: "conversations");

            migrationBuilder.DropTable(
                name: "feed_subjects");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "plan_item_views");

            migrationBuilder.DropTable(
                name: "review_comments");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "chat_sessions");

            migrationBuilder.DropTable(
                name: "feed_entries");

            migrationBuilder.DropTable(
                name: "webhooks");
        }
    }
}
