using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModuleUrls : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ModuleUrls",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    K1TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ModuleKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    BaseUrl = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    LandingPageUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModuleUrls", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModuleUrls_K1TenantId_AccountId_ModuleKey",
                table: "ModuleUrls",
                columns: new[] { "K1TenantId", "AccountId", "ModuleKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ModuleUrls");
        }
    }
}
