using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class TaskFiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AllowOverlap",
                table: "tasks",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Files",
                table: "tasks",
                type: "TEXT",
                maxLength: 50100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WaitingForPaths",
                table: "tasks",
                type: "TEXT",
                maxLength: 50100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "WaitingForTaskId",
                table: "tasks",
                type: "TEXT",
                maxLength: 21,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_tasks_WaitingForTaskId",
                table: "tasks",
                column: "WaitingForTaskId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_tasks_WaitingForTaskId",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "AllowOverlap",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "Files",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "WaitingForPaths",
                table: "tasks");

            migrationBuilder.DropColumn(
                name: "WaitingForTaskId",
                table: "tasks");
        }
    }
}
