using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Execution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExecutionStartedAt",
                table: "initiatives",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "agent_assignments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Mode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    InitiativeId = table.Column<string>(type: "TEXT", nullable: false),
                    PhaseId = table.Column<string>(type: "TEXT", nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", nullable: true),
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AgentName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Error = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_assignments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "merge_requests",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    InitiativeId = table.Column<string>(type: "TEXT", nullable: false),
                    PhaseId = table.Column<string>(type: "TEXT", nullable: true),
                    TaskId = table.Column<string>(type: "TEXT", nullable: true),
                    ProjectId = table.Column<string>(type: "TEXT", nullable: false),
                    SourceBranch = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TargetBranch = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    MergeBase = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merge_requests", x => x.Id);
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
                name: "IX_merge_requests_InitiativeId_Status",
                table: "merge_requests",
                columns: new[] { "InitiativeId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_merge_requests_PhaseId_Status",
                table: "merge_requests",
                columns: new[] { "PhaseId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_assignments");

            migrationBuilder.DropTable(
                name: "merge_requests");

            migrationBuilder.DropColumn(
                name: "ExecutionStartedAt",
                table: "initiatives");
        }
    }
}
