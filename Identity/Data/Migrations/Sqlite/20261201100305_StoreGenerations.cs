using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace SsoSuite.Identity.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StoreGenerations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StoreGenerations",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StoreGenerations", x => x.Name);
                });

            migrationBuilder.InsertData(
                table: "StoreGenerations",
                columns: new[] { "Name", "Value" },
                values: new object[,]
                {
                    { "clients", 0L },
                    { "module-urls", 0L },
                    { "sessions", 0L }
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "StoreGenerations");
        }
    }
}
