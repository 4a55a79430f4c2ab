using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Bms.Data.Migrations
{
    /// <inheritdoc />
    public partial class TenantIntegrationFromLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // "Integration on" is now the tenant link itself. A tenant whose switch said off keeps it off: a link
            // row without the switch (none is expected: both were written in one transaction) goes.
            migrationBuilder.Sql(
                "DELETE FROM KaseyaOneTenantLinks WHERE BmsTenantId IN (SELECT Id FROM Tenants WHERE KaseyaOneEnabled = 0);");
            migrationBuilder.DropColumn(
                name: "KaseyaOneEnabled",
                table: "Tenants");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "KaseyaOneEnabled",
                table: "Tenants",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);
            migrationBuilder.Sql(
                "UPDATE Tenants SET KaseyaOneEnabled = 1 WHERE Id IN (SELECT BmsTenantId FROM KaseyaOneTenantLinks);");
        }
    }
}
