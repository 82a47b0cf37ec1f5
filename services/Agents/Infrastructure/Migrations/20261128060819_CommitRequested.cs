using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class CommitRequested : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "CommitRequested",
                table: "agents",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CommitRequested",
                table: "agents");
        }
    }
}
