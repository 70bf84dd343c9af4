using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ArchiveRevision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchiveRevision",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<string>(type: "TEXT", maxLength: 28, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchiveRevision", x => x.Id);
                });

            // The one row, as of the migration: whatever the archive held before is at least this old. The time is written
            // in UtcInstantConverter's fixed-width form (strftime's %f gives milliseconds; the converter keeps 7 digits).
            migrationBuilder.Sql(
                """INSERT INTO "ArchiveRevision" ("Id", "Number", "ChangedAt") VALUES (1, 1, strftime('%Y-%m-%d %H:%M:%f', 'now') || '0000Z');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchiveRevision");
        }
    }
}
