using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class MergedResultChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "merged_result_checks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ProjectName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    SourceBranch = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TargetBranch = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MergeCommit = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Command = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ExitCode = table.Column<int>(type: "INTEGER", nullable: true),
                    TimedOut = table.Column<bool>(type: "INTEGER", nullable: false),
                    DurationMs = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTail = table.Column<string>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_merged_result_checks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_merged_result_checks_RequestId",
                table: "merged_result_checks",
                column: "RequestId");

            migrationBuilder.CreateIndex(
                name: "IX_merged_result_checks_SourceBranch",
                table: "merged_result_checks",
                column: "SourceBranch");

            migrationBuilder.CreateIndex(
                name: "IX_merged_result_checks_TargetBranch",
                table: "merged_result_checks",
                column: "TargetBranch");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "merged_result_checks");
        }
    }
}
