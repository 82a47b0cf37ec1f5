using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PlanningViews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "planning_views",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Id = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    PhaseId = table.Column<string>(type: "TEXT", nullable: true),
                    InitiativeId = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    IsDeleted = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_planning_views", x => new { x.Kind, x.Id });
                });

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
                name: "planning_views");
        }
    }
}
