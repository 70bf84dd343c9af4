using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Consultation.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// The words the archive's index holds, as FTS5 spells them (an fts5vocab table: no storage of its own, read from the
    /// index). A search for a word's beginning (secur*) is spelled out as the words that begin so, which FTS5 reads
    /// lazily, instead of its prefix query, which merges every such word's whole list of documents before yielding the
    /// first (SqliteSearchIndex, docs/BENCHMARKS.md).
    /// </summary>
    public partial class SearchTextTerms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""CREATE VIRTUAL TABLE "SearchTextTerms" USING fts5vocab('SearchText', 'row');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TABLE "SearchTextTerms";""");
        }
    }
}
