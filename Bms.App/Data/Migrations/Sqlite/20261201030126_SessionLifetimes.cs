using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Bms.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionLifetimes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "ExpiresAt",
                table: "Sessions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "KaseyaOneSubject",
                table: "Sessions",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ForgetAfter",
                table: "KaseyaOneSeenLogoutTokens",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_ExpiresAt",
                table: "Sessions",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_Sessions_KaseyaOneSubject",
                table: "Sessions",
                column: "KaseyaOneSubject");

            migrationBuilder.CreateIndex(
                name: "IX_KaseyaOneSeenLogoutTokens_ForgetAfter",
                table: "KaseyaOneSeenLogoutTokens",
                column: "ForgetAfter");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sessions_ExpiresAt",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_Sessions_KaseyaOneSubject",
                table: "Sessions");

            migrationBuilder.DropIndex(
                name: "IX_KaseyaOneSeenLogoutTokens_ForgetAfter",
                table: "KaseyaOneSeenLogoutTokens");

            migrationBuilder.DropColumn(
                name: "ExpiresAt",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "KaseyaOneSubject",
                table: "Sessions");

            migrationBuilder.DropColumn(
                name: "ForgetAfter",
                table: "KaseyaOneSeenLogoutTokens");
        }
    }
}
