using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class AccountWaitAndProjectTombstones : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsDeleted",
                table: "project_views",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "WaitingForAccountUntil",
                table: "agents",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsDeleted",
                table: "project_views");

            migrationBuilder.DropColumn(
                name: "WaitingForAccountUntil",
                table: "agents");
        }
    }
}
