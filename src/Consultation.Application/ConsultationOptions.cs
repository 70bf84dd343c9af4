namespace Consultation.Application;

/// <summary>The "Consultation" section of appsettings.json.</summary>
public sealed class ConsultationOptions
{
    public const string Section = "Consultation";

    /// <summary>Seed an empty database with the illustrative demo data and demo accounts.</summary>
    public bool? SeedDemoData { get; set; }

    /// <summary>The demo accounts' password; when empty, one is generated and printed once at seeding.</summary>
    public string? DemoPassword { get; set; }

    /// <summary>
    /// Where the database file (when its Data Source is relative) and uploaded files live. Defaults to the
    /// user's local application data folder, never the build output.
    /// </summary>
    public string? DataDirectory { get; set; }

    /// <summary>The portal's public address, for links in emails (a receipt's permanent link).</summary>
    public string PublicUrl { get; set; } = "http://localhost:5097";

    /// <summary>
    /// How often the background service writes the notifications the clock makes due and emails pending ones; zero
    /// turns it off.
    /// </summary>
    public TimeSpan NotificationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Whether this process emails the receipts of submissions (ReceiptEmails). One process per database should: with a
    /// second instance on the same database, set it false in all but one.
    /// </summary>
    public bool SendReceiptEmails { get; set; } = true;

    public string ResolvedDataDirectory => string.IsNullOrWhiteSpace(DataDirectory)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "Consultation")
        : Path.GetFullPath(DataDirectory);
}
