using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Collaboration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CollaborationInboxReviewsFeed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResumeRequestId",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResumeRequestId",
                table: "agent_views",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "feed_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    InitiativeId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    PhaseId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "feed_subjects",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_feed_subjects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SenderType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SenderId = table.Column<string>(type: "TEXT", nullable: true),
                    RecipientType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RecipientId = table.Column<string>(type: "TEXT", nullable: true),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    Questions = table.Column<string>(type: "TEXT", nullable: true),
                    Answers = table.Column<string>(type: "TEXT", nullable: true),
                    RequiresResponse = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StatusReason = table.Column<string>(type: "TEXT", nullable: true),
                    ParentMessageId = table.Column<string>(type: "TEXT", nullable: true),
                    AgentId = table.Column<string>(type: "TEXT", nullable: true),
                    AgentName = table.Column<string>(type: "TEXT", nullable: true),
                    AgentVersion = table.Column<long>(type: "INTEGER", nullable: true),
                    Session = table.Column<int>(type: "INTEGER", nullable: true),
                    InitiativeId = table.Column<string>(type: "TEXT", nullable: true),
                    PhaseId = table.Column<string>(type: "TEXT", nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReadAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                name: "plan_item_views",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    InitiativeId = table.Column<string>(type: "TEXT", nullable: true),
                    PhaseId = table.Column<string>(type: "TEXT", nullable: true),
                    ParentTaskId = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    IsDeleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_plan_item_views", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "review_comments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    PhaseId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    InitiativeId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    FilePath = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    LineType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LineText = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorAgentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    Resolved = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outdated = table.Column<bool>(type: "INTEGER", nullable: false),
                    ParentCommentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Kinds = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhook_deliveries",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    WebhookId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    FeedEntryId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastStatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true)
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
                name: "IX_feed_entries_InitiativeId_Id",
                table: "feed_entries",
                columns: new[] { "InitiativeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_feed_entries_RecordedAt",
                table: "feed_entries",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_messages_AgentId_Status",
                table: "messages",
                columns: new[] { "AgentId", "Status" });

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
                name: "feed_subjects");

            migrationBuilder.DropTable(
                name: "messages");

            migrationBuilder.DropTable(
                name: "plan_item_views");

            migrationBuilder.DropTable(
                name: "review_comments");

            migrationBuilder.DropTable(
                name: "webhook_deliveries");

            migrationBuilder.DropTable(
                name: "feed_entries");

            migrationBuilder.DropTable(
                name: "webhooks");

            migrationBuilder.DropColumn(
                name: "ResumeRequestId",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "ResumeRequestId",
                table: "agent_views");
        }
    }
}
