using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Collaboration.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ReviewComments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "review_comments",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    PhaseId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    InitiativeId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    FilePath = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    LineType = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LineText = table.Column<string>(type: "TEXT", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AuthorAgentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    Resolved = table.Column<bool>(type: "INTEGER", nullable: false),
                    Outdated = table.Column<bool>(type: "INTEGER", nullable: false),
                    ParentCommentId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_review_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_review_comments_review_comments_ParentCommentId",
                        column: x => x.ParentCommentId,
                        principalTable: "review_comments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_InitiativeId",
                table: "review_comments",
                column: "InitiativeId");

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_ParentCommentId",
                table: "review_comments",
                column: "ParentCommentId");

            migrationBuilder.CreateIndex(
                name: "IX_review_comments_PhaseId",
                table: "review_comments",
                column: "PhaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "review_comments");
        }
    }
}
