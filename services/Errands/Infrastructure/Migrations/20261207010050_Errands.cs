using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Errands.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class Errands : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "errands",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Branch = table.Column<string>(type: "TEXT", nullable: false),
                    BaseBranch = table.Column<string>(type: "TEXT", nullable: false),
                    Provider = table.Column<string>(type: "TEXT", nullable: true),
                    AgentId = table.Column<string>(type: "TEXT", nullable: true),
                    AgentName = table.Column<string>(type: "TEXT", nullable: true),
                    AgentStatus = table.Column<string>(type: "TEXT", nullable: true),
                    AgentVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    AgentGone = table.Column<bool>(type: "INTEGER", nullable: false),
                    CompletionVersion = table.Column<long>(type: "INTEGER", nullable: false),
                    SpawnRequestId = table.Column<string>(type: "TEXT", maxLength: 21, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    ConflictFiles = table.Column<string>(type: "TEXT", nullable: false),
                    MergeRequestId = table.Column<string>(type: "TEXT", nullable: true),
                    MergeBase = table.Column<string>(type: "TEXT", nullable: true),
                    MergeCommit = table.Column<string>(type: "TEXT", nullable: true),
                    Pushed = table.Column<bool>(type: "INTEGER", nullable: false),
                    ResumeRequestId = table.Column<string>(type: "TEXT", nullable: true),
                    StatusBeforeResume = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    DiscardRequestId = table.Column<string>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_errands", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "errand_notes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    ErrandId = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_errand_notes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_errand_notes_errands_ErrandId",
                        column: x => x.ErrandId,
                        principalTable: "errands",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_errand_notes_ErrandId",
                table: "errand_notes",
                column: "ErrandId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_DiscardRequestId",
                table: "errands",
                column: "DiscardRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_MergeRequestId",
                table: "errands",
                column: "MergeRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_ProjectId_Branch",
                table: "errands",
                columns: new[] { "ProjectId", "Branch" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_errands_ProjectId_Status_CreatedAt",
                table: "errands",
                columns: new[] { "ProjectId", "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_errands_ResumeRequestId",
                table: "errands",
                column: "ResumeRequestId");

            migrationBuilder.CreateIndex(
                name: "IX_errands_SpawnRequestId",
                table: "errands",
                column: "SpawnRequestId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "errand_notes");

            migrationBuilder.DropTable(
                name: "errands");
        }
    }
}
