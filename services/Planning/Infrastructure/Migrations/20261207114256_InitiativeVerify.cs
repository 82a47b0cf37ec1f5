using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Planning.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class InitiativeVerify : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "VerifyCommand",
                table: "initiatives",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "VerifyCommand",
                table: "initiatives");
        }
    }
}
