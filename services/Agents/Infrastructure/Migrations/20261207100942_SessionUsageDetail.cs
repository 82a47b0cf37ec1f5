using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class SessionUsageDetail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "CacheReadTokens",
                table: "agent_sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CacheWriteTokens",
                table: "agent_sessions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InitiativeId",
                table: "agent_sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Model",
                table: "agent_sessions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PhaseId",
                table: "agent_sessions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Provider",
                table: "agent_sessions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TaskId",
                table: "agent_sessions",
                type: "TEXT",
                nullable: true);

            // Sessions recorded before: their context from their agent, so roll-ups count them too.
            migrationBuilder.Sql(
                "UPDATE agent_sessions SET "
                + "TaskId = (SELECT a.TaskId FROM agents a WHERE a.Id = agent_sessions.AgentId), "
                + "PhaseId = (SELECT a.PhaseId FROM agents a WHERE a.Id = agent_sessions.AgentId), "
                + "InitiativeId = (SELECT a.InitiativeId FROM agents a WHERE a.Id = agent_sessions.AgentId), "
                + "Provider = (SELECT a.Provider FROM agents a WHERE a.Id = agent_sessions.AgentId);");

            migrationBuilder.CreateTable(
                name: "agent_projects",
                columns: table => new
                {
                    AgentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_agent_projects", x => new { x.AgentId, x.ProjectId });
                });

            migrationBuilder.CreateTable(
                name: "usage_budgets",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ScopeId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    LimitUsd = table.Column<decimal>(type: "TEXT", nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_usage_budgets", x => new { x.Scope, x.ScopeId });
                });

            migrationBuilder.CreateIndex(
                name: "IX_agent_sessions_EndedAt",
                table: "agent_sessions",
                column: "EndedAt");

            migrationBuilder.CreateIndex(
                name: "IX_agent_sessions_InitiativeId",
                table: "agent_sessions",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_agent_projects_ProjectId",
                table: "agent_projects",
                column: "ProjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_projects");

            migrationBuilder.DropTable(
                name: "usage_budgets");

            migrationBuilder.DropIndex(
                name: "IX_agent_sessions_EndedAt",
                table: "agent_sessions");

            migrationBuilder.DropIndex(
                name: "IX_agent_sessions_InitiativeId",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "CacheReadTokens",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "CacheWriteTokens",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "InitiativeId",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "Model",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "PhaseId",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "Provider",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "TaskId",
                table: "agent_sessions");
        }
    }
}
