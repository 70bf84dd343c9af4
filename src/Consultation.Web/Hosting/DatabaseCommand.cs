using Consultation.Application.Persistence;

namespace Consultation.Web.Hosting;

/// <summary>
/// <c>backup &lt;file&gt; [--force]</c> and <c>restore &lt;file&gt;</c>: run instead of the portal, with the same configuration
/// (appsettings.json, environment variables, and any <c>--Key=value</c> given after the command), so they find the database
/// the portal uses. The exit status is 0 when done, 1 when refused, 2 when the command line is wrong.
/// </summary>
public sealed record DatabaseCommand(string Verb, string? File, bool Force, string[] HostArguments, string? Mistake)
{
    public const string Usage = "usage: backup <file> [--force] | restore <file>   (then any --Key=value settings for the portal)";

    /// <summary>The command in <paramref name="args"/>, or null when they start the portal.</summary>
    public static DatabaseCommand? Parse(string[] args)
    {
        if (args is not [("backup" or "restore") and var verb, .. var rest]) return null;
        string? file = null, mistake = null;
        var force = false;
        var host = new List<string>();
        for (var i = 0; i < rest.Length; i++)
        {
            var argument = rest[i];
            if (argument == "--force" && verb == "backup") force = true;
            else if (argument.StartsWith('-'))
            {
                // A setting for the portal's configuration; "--Key value" takes the next argument as its value.
                host.Add(argument);
                if (!argument.Contains('=') && i + 1 < rest.Length) host.Add(rest[++i]);
            }
            else if (file is null) file = argument;
            else mistake = $"One file only: {file} or {argument}?";
        }
        if (file is null) mistake ??= $"Which file? {verb} needs the backup's file name.";
        return new DatabaseCommand(verb, file, force, [.. host], mistake);
    }

    public async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter errors)
    {
        if (Mistake is not null)
        {
            await errors.WriteLineAsync($"{Mistake}\n{Usage}");
            return 2;
        }
        var backup = services.GetRequiredService<DatabaseBackup>();
        try
        {
            if (Verb == "backup") await BackUpAsync(backup, output);
            else await RestoreAsync(backup, output);
            return 0;
        }
        catch (BackupRefusedException refused)
        {
            await errors.WriteLineAsync($"{Verb} refused: {refused.Message}");
            return 1;
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or System.Data.Common.DbException)
        {
            // A full disk, a folder not writable, a file SQLite cannot open: the operator's to fix, so a message, not a stack trace.
            await errors.WriteLineAsync($"{Verb} failed: {failure.Message}");
            return 1;
        }
    }

    private async Task BackUpAsync(DatabaseBackup backup, TextWriter output)
    {
        var made = await backup.BackUpAsync(File!, Force);
        await output.WriteLineAsync($"Backed up {backup.LiveLocation} to {made.File} ({made.Bytes} bytes).");
        await output.WriteLineAsync($"Ledger head of the backup: entry {made.Head.Sequence}, hash {made.Head.Hash} ({made.Head.Entries} entries).");
    }

    private async Task RestoreAsync(DatabaseBackup backup, TextWriter output)
    {
        var restored = await backup.RestoreAsync(File!);
        await output.WriteLineAsync($"Restored {Path.GetFullPath(File!)} into {restored.Database}.");
        if (restored.MigrationsApplied.Count > 0)
            await output.WriteLineAsync($"Brought it up to this version: {string.Join(", ", restored.MigrationsApplied)}.");
        await output.WriteLineAsync($"Ledger verified intact: {restored.Ledger.EntriesChecked} entries, {restored.Ledger.SubjectsChecked} checked against their records.");
        await output.WriteLineAsync($"Ledger head of the backup: entry {restored.Head.Sequence}, hash {restored.Head.Hash} ({restored.Head.Entries} entries).");
        await output.WriteLineAsync(restored.KeptAs is null
            ? "There was no database there before."
            : $"The database it replaced is kept as {restored.KeptAs}.");
        await output.WriteLineAsync("Start the portal as usual.");
    }
}
