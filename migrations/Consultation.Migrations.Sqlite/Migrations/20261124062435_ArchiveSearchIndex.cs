using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The archive's full-text index (docs/architecture.md, "Searching the archive"): an FTS5 table whose content is read
    /// through a view of the rows it indexes, so no text is stored twice, and triggers that keep it in step with every
    /// write inside the writer's own transaction. Rows written before this migration are indexed at the end of it.
    /// </summary>
    public partial class ArchiveSearchIndex : Migration
    {
        // A new version replaces the submission's text in the index. Versions are immutable, so the old text can be
        // read back through the view for FTS5's 'delete' before the document points at the new version. The WHEN
        // clause keeps the latest version current even if one save inserts several versions out of order. (A constant:
        // SearchOrderFollowsCurrentVersion replaces this trigger, and puts it back when undone.)
        internal const string SubmissionVersionAddedTrigger = """
                CREATE TRIGGER "SearchText_SubmissionVersion_Added" AFTER INSERT ON "SubmissionVersions"
                WHEN NOT EXISTS (SELECT 1 FROM "SubmissionVersions" AS later WHERE later."SubmissionId" = NEW."SubmissionId" AND later."Number" > NEW."Number")
                BEGIN
                    INSERT INTO "SearchText" ("SearchText", "rowid", "Heading", "Text")
                    SELECT 'delete', c."Id", c."Heading", c."Text" FROM "SearchContent" AS c
                    WHERE c."Id" = (SELECT d."Id" FROM "SearchDocuments" AS d WHERE d."SubmissionId" = NEW."SubmissionId");
                    INSERT INTO "SearchDocuments" ("ConsultationId", "SubmissionId", "SubmissionVersionId", "Stance", "BodyId", "BodyKind", "SubmittedAt")
                    SELECT s."ConsultationId", s."Id", NEW."Id", NEW."Stance", s."OnBehalfOfBodyId", b."Kind", NEW."SubmittedAt"
                    FROM "Submissions" AS s LEFT JOIN "Bodies" AS b ON b."Id" = s."OnBehalfOfBodyId"
                    WHERE s."Id" = NEW."SubmissionId"
                    ON CONFLICT ("SubmissionId") DO UPDATE SET
                        "SubmissionVersionId" = excluded."SubmissionVersionId", "Stance" = excluded."Stance", "SubmittedAt" = excluded."SubmittedAt";
                    INSERT INTO "SearchText" ("rowid", "Heading", "Text")
                    SELECT c."Id", c."Heading", c."Text" FROM "SearchContent" AS c
                    WHERE c."Id" = (SELECT d."Id" FROM "SearchDocuments" AS d WHERE d."SubmissionId" = NEW."SubmissionId");
                END;
                """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // One row per indexed thing: a submission (its current version) or a proposal section as one consultation
            // shows it. The integer key is the FTS row's rowid; the filter columns are copied here so that a filtered
            // search reads one small row per match instead of joining four tables.
            migrationBuilder.Sql("""
                CREATE TABLE "SearchDocuments" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_SearchDocuments" PRIMARY KEY,
                    "ConsultationId" TEXT NOT NULL,
                    "SubmissionId" TEXT NULL,
                    "SubmissionVersionId" TEXT NULL,
                    "ProposalSectionId" TEXT NULL,
                    "Stance" TEXT NULL,
                    "BodyId" TEXT NULL,
                    "BodyKind" TEXT NULL,
                    "SubmittedAt" TEXT NULL
                );
                CREATE UNIQUE INDEX "IX_SearchDocuments_SubmissionId" ON "SearchDocuments" ("SubmissionId");
                CREATE UNIQUE INDEX "IX_SearchDocuments_ProposalSectionId_ConsultationId" ON "SearchDocuments" ("ProposalSectionId", "ConsultationId");
                CREATE INDEX "IX_SearchDocuments_BodyId" ON "SearchDocuments" ("BodyId");
                """);

            // The text FTS5 indexes, looked up by rowid (primary keys all the way): snippets read it from here, and
            // 'rebuild' and 'integrity-check' compare the index with it.
            migrationBuilder.Sql("""
                CREATE VIEW "SearchContent" AS
                SELECT d."Id" AS "Id",
                       CASE WHEN d."SubmissionId" IS NULL THEN p."Number" || ' ' || p."Heading" ELSE v."BlockingReason" END AS "Heading",
                       CASE WHEN d."SubmissionId" IS NULL THEN p."Text" ELSE v."Text" END AS "Text"
                FROM "SearchDocuments" AS d
                LEFT JOIN "SubmissionVersions" AS v ON v."Id" = d."SubmissionVersionId"
                LEFT JOIN "ProposalSections" AS p ON p."Id" = d."ProposalSectionId";
                """);

            // A heading (a section's number and title, a blocking objection's reason) weighs twice the running text.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "SearchText" USING fts5(
                    "Heading", "Text", content = 'SearchContent', content_rowid = 'Id', tokenize = 'unicode61 remove_diacritics 2');
                INSERT INTO "SearchText" ("SearchText", "rank") VALUES ('rank', 'bm25(2.0, 1.0)');
                """);

            migrationBuilder.Sql(SubmissionVersionAddedTrigger);

            // A section is indexed once for each consultation that puts its proposal version out for comment. One save may
            // insert the consultation and the sections in either order: each trigger indexes the pairs whose other half
            // is already there, so every pair is indexed exactly once.
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchText_ProposalSection_Added" AFTER INSERT ON "ProposalSections"
                BEGIN
                    INSERT INTO "SearchDocuments" ("ConsultationId", "ProposalSectionId")
                    SELECT k."Id", NEW."Id" FROM "Consultations" AS k WHERE k."ProposalVersionId" = NEW."ProposalVersionId";
                    INSERT INTO "SearchText" ("rowid", "Heading", "Text")
                    SELECT c."Id", c."Heading", c."Text" FROM "SearchDocuments" AS d JOIN "SearchContent" AS c ON c."Id" = d."Id"
                    WHERE d."ProposalSectionId" = NEW."Id";
                END;
                CREATE TRIGGER "SearchText_Consultation_Added" AFTER INSERT ON "Consultations"
                BEGIN
                    INSERT INTO "SearchDocuments" ("ConsultationId", "ProposalSectionId")
                    SELECT NEW."Id", p."Id" FROM "ProposalSections" AS p WHERE p."ProposalVersionId" = NEW."ProposalVersionId";
                    INSERT INTO "SearchText" ("rowid", "Heading", "Text")
                    SELECT c."Id", c."Heading", c."Text"
                    FROM "ProposalSections" AS p
                    JOIN "SearchDocuments" AS d ON d."ProposalSectionId" = p."Id" AND d."ConsultationId" = NEW."Id"
                    JOIN "SearchContent" AS c ON c."Id" = d."Id"
                    WHERE p."ProposalVersionId" = NEW."ProposalVersionId";
                END;
                """);

            // The domain never changes a body's kind or removes these rows today; if it ever does, the index follows.
            migrationBuilder.Sql("""
                CREATE TRIGGER "SearchText_Body_KindChanged" AFTER UPDATE OF "Kind" ON "Bodies"
                BEGIN
                    UPDATE "SearchDocuments" SET "BodyKind" = NEW."Kind" WHERE "BodyId" = NEW."Id";
                END;
                CREATE TRIGGER "SearchText_Submission_Removed" BEFORE DELETE ON "Submissions"
                BEGIN
                    INSERT INTO "SearchText" ("SearchText", "rowid", "Heading", "Text")
                    SELECT 'delete', c."Id", c."Heading", c."Text" FROM "SearchDocuments" AS d JOIN "SearchContent" AS c ON c."Id" = d."Id"
                    WHERE d."SubmissionId" = OLD."Id";
                    DELETE FROM "SearchDocuments" WHERE "SubmissionId" = OLD."Id";
                END;
                CREATE TRIGGER "SearchText_ProposalSection_Removed" BEFORE DELETE ON "ProposalSections"
                BEGIN
                    INSERT INTO "SearchText" ("SearchText", "rowid", "Heading", "Text")
                    SELECT 'delete', c."Id", c."Heading", c."Text" FROM "SearchDocuments" AS d JOIN "SearchContent" AS c ON c."Id" = d."Id"
                    WHERE d."ProposalSectionId" = OLD."Id";
                    DELETE FROM "SearchDocuments" WHERE "ProposalSectionId" = OLD."Id";
                END;
                CREATE TRIGGER "SearchText_Consultation_Removed" BEFORE DELETE ON "Consultations"
                BEGIN
                    INSERT INTO "SearchText" ("SearchText", "rowid", "Heading", "Text")
                    SELECT 'delete', c."Id", c."Heading", c."Text"
                    FROM "SearchDocuments" AS d JOIN "SearchContent" AS c ON c."Id" = d."Id"
                    WHERE d."ConsultationId" = OLD."Id" AND d."ProposalSectionId" IS NOT NULL;
                    DELETE FROM "SearchDocuments" WHERE "ConsultationId" = OLD."Id" AND "ProposalSectionId" IS NOT NULL;
                END;
                """);

            // What was written before this migration: every consultation's sections, every submission's latest version.
            migrationBuilder.Sql("""
                INSERT INTO "SearchDocuments" ("ConsultationId", "ProposalSectionId")
                SELECT k."Id", p."Id" FROM "Consultations" AS k JOIN "ProposalSections" AS p ON p."ProposalVersionId" = k."ProposalVersionId"
                ORDER BY k."OpensAt", p."Order";
                INSERT INTO "SearchDocuments" ("ConsultationId", "SubmissionId", "SubmissionVersionId", "Stance", "BodyId", "BodyKind", "SubmittedAt")
                SELECT s."ConsultationId", s."Id", v."Id", v."Stance", s."OnBehalfOfBodyId", b."Kind", v."SubmittedAt"
                FROM "Submissions" AS s
                JOIN "SubmissionVersions" AS v ON v."SubmissionId" = s."Id"
                    AND v."Number" = (SELECT max(latest."Number") FROM "SubmissionVersions" AS latest WHERE latest."SubmissionId" = s."Id")
                LEFT JOIN "Bodies" AS b ON b."Id" = s."OnBehalfOfBodyId"
                ORDER BY s."FirstSubmittedAt";
                INSERT INTO "SearchText" ("SearchText") VALUES ('rebuild');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER "SearchText_Consultation_Removed";
                DROP TRIGGER "SearchText_ProposalSection_Removed";
                DROP TRIGGER "SearchText_Submission_Removed";
                DROP TRIGGER "SearchText_Body_KindChanged";
                DROP TRIGGER "SearchText_Consultation_Added";
                DROP TRIGGER "SearchText_ProposalSection_Added";
                DROP TRIGGER "SearchText_SubmissionVersion_Added";
                DROP TABLE "SearchText";
                DROP VIEW "SearchContent";
                DROP TABLE "SearchDocuments";
                """);
        }
    }
}
