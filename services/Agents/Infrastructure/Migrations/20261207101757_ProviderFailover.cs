using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Codewalkers.Agents.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class ProviderFailover : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AllowedProviders",
                table: "agents",
                type: "TEXT",
                nullable: false,
                // Rows from before: no fallbacks, no switches (the agent's own provider only).
                defaultValue: "[]");

            migrationBuilder.AddColumn<string>(
                name: "ProviderHistory",
                table: "agents",
                type: "TEXT",
                nullable: false,
                // Rows from before: no fallbacks, no switches (the agent's own provider only).
                defaultValue: "[]");

            migrationBuilder.AddColumn<long>(
                name: "CredentialsExpireAt",
                table: "accounts",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CredentialsRefreshable",
                table: "accounts",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "ExpiryReportedFor",
                table: "accounts",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AllowedProviders",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "ProviderHistory",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "CredentialsExpireAt",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "CredentialsRefreshable",
                table: "accounts");

            migrationBuilder.DropColumn(
                name: "ExpiryReportedFor",
                table: "accounts");
        }
    }
}
