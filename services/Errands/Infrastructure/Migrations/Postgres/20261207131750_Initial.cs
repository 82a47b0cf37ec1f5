using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Codewalkers.Errands.Infrastructure.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "errands",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    ProjectId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Description = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Branch = table.Column<string>(type: "text", nullable: false),
                    BaseBranch = table.Column<string>(type: "text", nullable: false),
                    Provider = table.Column<string>(type: "text", nullable: true),
                    AgentId = table.Column<string>(type: "text", nullable: true),
                    AgentName = table.Column<string>(type: "text", nullable: true),
                    AgentStatus = table.Column<string>(type: "text", nullable: true),
                    AgentVersion = table.Column<long>(type: "bigint", nullable: false),
                    AgentGone = table.Column<bool>(type: "boolean", nullable: false),
                    CompletionVersion = table.Column<long>(type: "bigint", nullable: false),
                    SpawnRequestId = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: true),
                    Error = table.Column<string>(type: "text", nullable: true),
                    ConflictFiles = table.Column<List<string>>(type: "text[]", nullable: false),
                    MergeRequestId = table.Column<string>(type: "text", nullable: true),
                    MergeBase = table.Column<string>(type: "text", nullable: true),
                    MergeCommit = table.Column<string>(type: "text", nullable: true),
                    Pushed = table.Column<bool>(type: "boolean", nullable: false),
                    ResumeRequestId = table.Column<string>(type: "text", nullable: true),
                    StatusBeforeResume = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    DiscardRequestId = table.Column<string>(type: "text", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_errands", x => x.Id);
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
                name: "project_views",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(21)", maxLength: 21, nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false),
                    Url = table.Column<string>(type: "text", nullable: false),
                    DefaultBranch = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    IsDeleted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_project_views", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "errand_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<long>(type: "bigint", nullable: false),
                    Author = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "text", nullable: false),
                    ErrandId = table.Column<string>(type: "character varying(21)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_errand_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_errand_notes_errands_ErrandId",
                        column: x => x.ErrandId,
                        principalTable: "errands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_errand_notes_ErrandId",
                table: "errand_notes",
                column: "ErrandId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_DiscardRequestId",
                table: "errands",
                column: "DiscardRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_MergeRequestId",
                table: "errands",
                column: "MergeRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_ProjectId_Branch",
                table: "errands",
                columns: new[] { "ProjectId", "Branch" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_errands_ProjectId_Status_CreatedAt",
                table: "errands",
                columns: new[] { "ProjectId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_errands_ResumeRequestId",
                table: "errands",
                column: "ResumeRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_SpawnRequestId",
                table: "errands",
                column: "SpawnRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_inbox_messages_ProcessedAt",
                table: "inbox_messages",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_MessageId",
                table: "outbox_messages",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_outbox_messages_SentAt_DeadLettered_Sequence",
                table: "outbox_messages",
                columns: new[] { "SentAt", "DeadLettered", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "errand_notes");

            migrationBuilder.DropTable(
                name: "inbox_messages");

            migrationBuilder.DropTable(
                name: "outbox_messages");

            migrationBuilder.DropTable(
                name: "project_views");

            migrationBuilder.DropTable(
                name: "errands");
        }
    }
}
