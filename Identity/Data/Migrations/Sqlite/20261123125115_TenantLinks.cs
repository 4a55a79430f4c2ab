using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "TenantLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    K1TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BmsTenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BmsTenantName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    LinkedByAccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TenantLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UserLinks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BmsTenantId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    BmsTenantName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    LinkedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserLinks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TenantLinks_ClientId_BmsTenantId",
                table: "TenantLinks",
                columns: new[] { "ClientId", "BmsTenantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TenantLinks_ClientId_K1TenantId",
                table: "TenantLinks",
                columns: new[] { "ClientId", "K1TenantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserLinks_AccountId",
                table: "UserLinks",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_UserLinks_ClientId_AccountId_BmsTenantId",
                table: "UserLinks",
                columns: new[] { "ClientId", "AccountId", "BmsTenantId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TenantLinks");

            migrationBuilder.DropTable(
                name: "UserLinks");
        }
    }
}
