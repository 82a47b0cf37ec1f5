using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ProjectVerify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VerifyCommand",
                table: "projects",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                // Projects registered before have the default time limit, not 0 (which the rules refuse).
                name: "VerifyTimeoutSeconds",
                table: "projects",
                type: "INTEGER",
                nullable: false,
                defaultValue: 600);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VerifyCommand",
                table: "projects");

            migrationBuilder.DropColumn(
                name: "VerifyTimeoutSeconds",
                table: "projects");
        }
    }
}
