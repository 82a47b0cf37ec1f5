using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Collaboration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ErrandFeedAndInbox : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ErrandId",
                table: "messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ErrandId",
                table: "feed_entries",
                type: "TEXT",
                maxLength: 21,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_messages_ErrandId",
                table: "messages",
                column: "ErrandId");

            migrationBuilder.CreateIndex(
                name: "IX_feed_entries_ErrandId_Id",
                table: "feed_entries",
                columns: new[] { "ErrandId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_messages_ErrandId",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "IX_feed_entries_ErrandId_Id",
                table: "feed_entries");

            migrationBuilder.DropColumn(
                name: "ErrandId",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "ErrandId",
                table: "feed_entries");
        }
    }
}
