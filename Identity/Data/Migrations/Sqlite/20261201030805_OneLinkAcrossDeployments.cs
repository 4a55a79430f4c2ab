using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Identity.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneLinkAcrossDeployments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UserLinks_AccountId",
                table: "UserLinks");

            migrationBuilder.DropIndex(
                name: "IX_UserLinks_ClientId_AccountId_BmsTenantId",
                table: "UserLinks");

            migrationBuilder.DropIndex(
                name: "IX_TenantLinks_ClientId_K1TenantId",
                table: "TenantLinks");

            // Links made per deployment before SPEC rule 2 held across regions: the first one made stays.
            migrationBuilder.Sql(
                "DELETE FROM UserLinks WHERE EXISTS (SELECT 1 FROM UserLinks o WHERE o.AccountId = UserLinks.AccountId " +
                "AND (o.LinkedAt < UserLinks.LinkedAt OR (o.LinkedAt = UserLinks.LinkedAt AND o.Id < UserLinks.Id)));");
            migrationBuilder.Sql(
                "DELETE FROM TenantLinks WHERE EXISTS (SELECT 1 FROM TenantLinks o WHERE o.K1TenantId = TenantLinks.K1TenantId " +
                "AND (o.LinkedAt < TenantLinks.LinkedAt OR (o.LinkedAt = TenantLinks.LinkedAt AND o.Id < TenantLinks.Id)));");

            migrationBuilder.CreateIndex(
                name: "IX_UserLinks_AccountId",
                table: "UserLinks",
                column: "AccountId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserLinks_ClientId_BmsTenantId",
                table: "UserLinks",
                columns: new[] { "ClientId", "BmsTenantId" });

            migrationBuilder.CreateIndex(
                name: "IX_TenantLinks_K1TenantId",
                table: "TenantLinks",
                column: "K1TenantId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_UserLinks_AccountId",
                table: "UserLinks");

            migrationBuilder.DropIndex(
                name: "IX_UserLinks_ClientId_BmsTenantId",
                table: "UserLinks");

            migrationBuilder.DropIndex(
                name: "IX_TenantLinks_K1TenantId",
                table: "TenantLinks");

            migrationBuilder.CreateIndex(
                name: "IX_UserLinks_AccountId",
                table: "UserLinks",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_UserLinks_ClientId_AccountId_BmsTenantId",
                table: "UserLinks",
                columns: new[] { "ClientId", "AccountId", "BmsTenantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TenantLinks_ClientId_K1TenantId",
                table: "TenantLinks",
                columns: new[] { "ClientId", "K1TenantId" },
                unique: true);
        }
    }
}
