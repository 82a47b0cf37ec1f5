using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Collaboration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ChatSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "chat_sessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    InitiativeId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    PhaseId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    AgentName = table.Column<string>(type: "TEXT", nullable: true),
                    TurnState = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    TurnId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_chat_sessions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "chat_messages",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    SessionId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Content = table.Column<string>(type: "TEXT", nullable: false),
                    TurnId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    EndsTurn = table.Column<bool>(type: "INTEGER", nullable: false),
                    ChangeSetId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    Changes = table.Column<string>(type: "TEXT", nullable: true),
                    Reverted = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "chat_messages");

            migrationBuilder.DropTable(
                name: "chat_sessions");
        }
    }
}
