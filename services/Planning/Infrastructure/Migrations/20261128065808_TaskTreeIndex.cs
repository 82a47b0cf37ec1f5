using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TaskTreeIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_tasks_InitiativeId_PhaseId_Order",
                table: "tasks",
                columns: new[] { "InitiativeId", "PhaseId", "Order" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_InitiativeId_PhaseId_Order",
                table: "tasks");
        }
    }
}
