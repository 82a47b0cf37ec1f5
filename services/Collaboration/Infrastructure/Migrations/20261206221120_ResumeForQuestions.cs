using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Collaboration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ResumeForQuestions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResumeRequestId",
                table: "conversations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResumeRequestId",
                table: "agent_views",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ResumeRequestId",
                table: "conversations");

            migrationBuilder.DropColumn(
                name: "ResumeRequestId",
                table: "agent_views");
        }
    }
}
