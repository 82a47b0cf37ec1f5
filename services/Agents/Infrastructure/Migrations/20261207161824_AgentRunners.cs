using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AgentRunners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "RunnerId",
                table: "agents",
                type: "TEXT",
                maxLength: 40,
                nullable: false,
                defaultValue: "agents");

            migrationBuilder.CreateTable(
                name: "runners",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastHeartbeatAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    LostAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_runners", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_agents_RunnerId_Status",
                table: "agents",
                columns: new[] { "RunnerId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "runners");

            migrationBuilder.DropIndex(
                name: "IX_agents_RunnerId_Status",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "RunnerId",
                table: "agents");
        }
    }
}
