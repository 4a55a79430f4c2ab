using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Bms.Data.Migrations.Sqlite
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

            // The table rebuild below copies values as they are: each line's time is first rewritten from EF Core's text
            // ('2026-12-02 03:41:07.1234567+00:00', the fraction and its dot absent on a whole second) to Unix
            // milliseconds, cut (not rounded) to the millisecond as DateTimeOffset.ToUnixTimeMilliseconds cuts it, the
            // offset applied. Text that reads as an integer becomes one when copied into the INTEGER column.
            migrationBuilder.Sql(
                "UPDATE \"AuditEntries\" SET \"At\" = " +
                "CAST(strftime('%s', substr(\"At\", 1, 19) || substr(\"At\", -6)) AS INTEGER) * 1000 + " +
                "CASE WHEN length(\"At\") > 25 THEN CAST(substr(substr(\"At\", 21, length(\"At\") - 26) || '00', 1, 3) AS INTEGER) ELSE 0 END;");

            migrationBuilder.AlterColumn<long>(
                name: "At",
                table: "AuditEntries",
                type: "INTEGER",
                nullable: false,
                oldClrType: typeof(DateTimeOffset),
                oldType: "TEXT");

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

            migrationBuilder.AlterColumn<DateTimeOffset>(
                name: "At",
                table: "AuditEntries",
                type: "TEXT",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            // Back to EF Core's text for a DateTimeOffset, in UTC.
            migrationBuilder.Sql(
                "UPDATE \"AuditEntries\" SET \"At\" = " +
                "strftime('%Y-%m-%d %H:%M:%S', \"At\" / 1000, 'unixepoch') || printf('.%03d', \"At\" % 1000) || '+00:00';");

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId",
                table: "AuditEntries",
                column: "TenantId");
        }
    }
}
