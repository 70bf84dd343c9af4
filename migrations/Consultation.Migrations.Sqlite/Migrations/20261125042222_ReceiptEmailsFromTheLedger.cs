using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Receipts are emailed from the ledger after the commit (ReceiptEmails): this table's one row says how far. It starts
    /// at the ledger's head, so that no version saved before (whose receipt went out with its request) is emailed again.
    /// </summary>
    public partial class ReceiptEmailsFromTheLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReceiptEmailProgress",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    EmailedThrough = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReceiptEmailProgress", x => x.Id);
                });

            migrationBuilder.Sql("""
                INSERT INTO "ReceiptEmailProgress" ("Id", "EmailedThrough")
                SELECT 1, COALESCE(MAX("Sequence"), 0) FROM "Ledger";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReceiptEmailProgress");
        }
    }
}
