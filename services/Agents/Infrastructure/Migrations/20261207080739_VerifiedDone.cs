using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class VerifiedDone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VerifyCommand",
                table: "project_views",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                // Projects registered before have the default time limit, not 0 (which the rules refuse).
                name: "VerifyTimeoutSeconds",
                table: "project_views",
                type: "INTEGER",
                nullable: false,
                defaultValue: 600);

            migrationBuilder.AddColumn<int>(
                name: "VerifyFailures",
                table: "agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "agent_verifications",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    SessionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    ProjectName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Command = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ExitCode = table.Column<int>(type: "INTEGER", nullable: true),
                    TimedOut = table.Column<bool>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTail = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_verifications", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_verifications_AgentId_SessionNumber",
                table: "agent_verifications",
                columns: new[] { "AgentId", "SessionNumber" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_verifications");

            migrationBuilder.DropColumn(
                name: "VerifyCommand",
                table: "project_views");

            migrationBuilder.DropColumn(
                name: "VerifyTimeoutSeconds",
                table: "project_views");

            migrationBuilder.DropColumn(
                name: "VerifyFailures",
                table: "agents");
        }
    }
}
