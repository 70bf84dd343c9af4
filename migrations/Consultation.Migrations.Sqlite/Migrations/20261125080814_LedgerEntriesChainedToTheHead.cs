using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The database refuses a ledger entry that does not follow the head: the next sequence, chained to the head's hash
    /// (to the genesis hash when the ledger is empty). The application appends that way (LedgerWriter); since writers
    /// carry the head from step to step (TransactionReads), a head carried wrongly would otherwise be committed and found
    /// only by the next verification. Entries already stored are left as they are: a verification reports them. A later
    /// migration that makes EF rebuild the Ledger table drops this trigger with it and must create it again
    /// (LedgerVerificationTests.The_database_refuses_an_entry_that_does_not_follow_the_head fails until it does).
    /// </summary>
    public partial class LedgerEntriesChainedToTheHead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TRIGGER "Ledger_FollowsTheHead" BEFORE INSERT ON "Ledger"
                WHEN NEW."Sequence" IS NOT (SELECT IFNULL(MAX("Sequence"), 0) + 1 FROM "Ledger")
                  OR NEW."PreviousHash" IS NOT IFNULL((SELECT "Hash" FROM "Ledger" ORDER BY "Sequence" DESC LIMIT 1),
                                                      '0000000000000000000000000000000000000000000000000000000000000000')
                BEGIN
                    SELECT RAISE(ABORT, 'A ledger entry must follow the head: the next sequence, chained to the head''s hash.');
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Ledger_FollowsTheHead";""");
        }
    }
}
