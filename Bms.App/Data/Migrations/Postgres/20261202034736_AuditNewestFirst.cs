using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Bms.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AuditNewestFirst : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId",
                table: "AuditEntries");

            // PostgreSQL has no cast from timestamptz to bigint: each line's time becomes Unix milliseconds, cut (not
            // rounded) to the millisecond as DateTimeOffset.ToUnixTimeMilliseconds cuts it. The cut is date_trunc's; the
            // cast's rounding only absorbs the error of a fractional epoch held as a double (before PostgreSQL 14).
            migrationBuilder.Sql(
                "ALTER TABLE \"AuditEntries\" ALTER COLUMN \"At\" TYPE bigint " +
                "USING (extract(epoch FROM date_trunc('milliseconds', \"At\")) * 1000)::bigint;");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_At",
                table: "AuditEntries",
                columns: new[] { "TenantId", "At" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId_At",
                table: "AuditEntries");

            migrationBuilder.Sql(
                "ALTER TABLE \"AuditEntries\" ALTER COLUMN \"At\" TYPE timestamp with time zone " +
                "USING timestamptz 'epoch' + \"At\" * interval '1 millisecond';");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId",
                table: "AuditEntries",
                column: "TenantId");
        }
    }
}
