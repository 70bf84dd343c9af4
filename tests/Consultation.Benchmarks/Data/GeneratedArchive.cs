using System.Globalization;

namespace Consultation.Benchmarks.Data;

/// <summary>
/// A generated archive on disk. <see cref="MemberEmails"/> are accounts that can sign in (password
/// <see cref="Harness.PortalServer.DemoPassword"/>, role Member); there is no demo data. Scenarios that only read share it; a scenario that writes works on its own copy or database.
/// </summary>
public sealed record GeneratedArchive(
    string DataDirectory,
    int Submissions,
    int Versions,
    int Consultations,
    int Bodies,
    int People,
    string ReadingSlug,
    string OpenSlug,
    IReadOnlyList<string> MemberEmails,
    IReadOnlyList<string> Queries,
    TimeSpan GeneratedIn,
    long DatabaseBytes)
{
    /// <summary>The SQLite file the portal opens in <see cref="DataDirectory"/>.</summary>
    public string DatabaseFile => Path.Combine(DataDirectory, "consultation.db");

    /// <summary>The consultation the archive-reading scenario reads: exactly <see cref="ReadingSubmissions"/> submissions.</summary>
    public const int ReadingSubmissions = 200;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Submissions:N0} submissions ({Versions:N0} versions, as many ledger entries) over {Consultations:N0} consultations, " +
        $"{Bodies:N0} bodies and {People:N0} people; {DatabaseBytes / 1024.0 / 1024.0 / 1024.0:F2} GiB; generated in {GeneratedIn.TotalMinutes:F1} min");
}
