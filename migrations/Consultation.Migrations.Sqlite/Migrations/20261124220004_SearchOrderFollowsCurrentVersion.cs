using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Newest first is the index's rowid order read backwards (SqliteSearchIndex), so a submission's new version gets a new
    /// document row, and with it the highest rowid, instead of updating the row its first version had: a revised
    /// submission comes first again, by the time of the text the reader sees. Documents indexed before this migration keep
    /// their rowids until their next version.
    /// </summary>
    public partial class SearchOrderFollowsCurrentVersion : Migration
    {
        /// <summary>The trigger as this migration leaves it (a later migration's Down puts it back).</summary>
        internal const string SubmissionVersionAddedTrigger = """
                CREATE TRIGGER "SearchText_SubmissionVersion_Added" AFTER INSERT ON "SubmissionVersions"
                WHEN NOT EXISTS (SELECT 1 FROM "SubmissionVersions" AS later WHERE later."SubmissionId" = NEW."SubmissionId" AND later."Number" > NEW."Number")
                BEGIN
                    INSERT INTO "SearchText" ("SearchText", "rowid", "Heading", "Text")
                    SELECT 'delete', c."Id", c."Heading", c."Text" FROM "SearchContent" AS c
                    WHERE c."Id" = (SELECT d."Id" FROM "SearchDocuments" AS d WHERE d."SubmissionId" = NEW."SubmissionId");
                    DELETE FROM "SearchDocuments" WHERE "SubmissionId" = NEW."SubmissionId";
                    INSERT INTO "SearchDocuments" ("ConsultationId", "SubmissionId", "SubmissionVersionId", "Stance", "BodyId", "BodyKind", "SubmittedAt")
                    SELECT s."ConsultationId", s."Id", NEW."Id", NEW."Stance", s."OnBehalfOfBodyId", b."Kind", NEW."SubmittedAt"
                    FROM "Submissions" AS s LEFT JOIN "Bodies" AS b ON b."Id" = s."OnBehalfOfBodyId"
                    WHERE s."Id" = NEW."SubmissionId";
                    INSERT INTO "SearchText" ("rowid", "Heading", "Text")
                    SELECT c."Id", c."Heading", c."Text" FROM "SearchContent" AS c
                    WHERE c."Id" = (SELECT d."Id" FROM "SearchDocuments" AS d WHERE d."SubmissionId" = NEW."SubmissionId");
                END;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The WHEN clause and the FTS5 'delete' of the old text as before; then the old document row goes, and the new
            // one takes the next rowid (an INTEGER PRIMARY KEY without AUTOINCREMENT: one past the highest).
            migrationBuilder.Sql("""DROP TRIGGER "SearchText_SubmissionVersion_Added";""");
            migrationBuilder.Sql(SubmissionVersionAddedTrigger);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "SearchText_SubmissionVersion_Added";""");
            migrationBuilder.Sql(ArchiveSearchIndex.SubmissionVersionAddedTrigger);
        }
    }
}
