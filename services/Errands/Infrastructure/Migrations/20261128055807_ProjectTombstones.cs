using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Errands.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ProjectTombstones : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsDeleted",
                table: "project_views");
        }
    }
}
