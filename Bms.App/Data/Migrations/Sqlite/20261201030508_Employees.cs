using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SsoSuite.Bms.Data.Migrations
{
    /// <inheritdoc />
    public partial class Employees : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FirstName",
                table: "Users",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "LastName",
                table: "Users",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // Users made before Home > Employees have only a display name: its first word becomes the first name.
            migrationBuilder.Sql(
                "UPDATE Users SET FirstName = CASE WHEN instr(DisplayName, ' ') > 0 THEN substr(DisplayName, 1, instr(DisplayName, ' ') - 1) ELSE DisplayName END, " +
                "LastName = CASE WHEN instr(DisplayName, ' ') > 0 THEN substr(DisplayName, instr(DisplayName, ' ') + 1) ELSE '' END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FirstName",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "LastName",
                table: "Users");
        }
    }
}
