using System.Globalization;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// A process's resident memory by kind of mapping, read from /proc/&lt;pid&gt;/smaps: what grows with the circuits outside
/// the managed heap, which neither the GC's figures nor a malloc tracer (heaptrack saw 20 MB in all) account for.
/// Mappings split and merge as memory is committed, so kinds are compared, never single mappings.
/// </summary>
/// <param name="Threads">The process's threads (each has a stack of its own).</param>
/// <param name="DatabaseConnections">Open handles on .db files: one per SQLite connection, each with its own page cache.</param>
/// <param name="ManagedHeap">
/// The resident part of the GC's heap: with regions (the .NET 7+ default) the GC reserves 256 GiB, far more than any other
/// mapping, and commits its heap inside; commits split the reservation into many mappings, so this sums every mapping in
/// the 256 GiB that end with the largest one. Null when no mapping starts there (another reservation size).
/// </param>
/// <param name="Smaps">The text read, kept beside the report to look into.</param>
public sealed record MemoryMap(IReadOnlyDictionary<string, long> ResidentByKind, long? ManagedHeap, int Threads, int DatabaseConnections, string Smaps)
{
    private const ulong GcRange = 256UL << 30;
    private const string GcHeap = "GC heap (its reserved range)";

    public static MemoryMap Read(int processId)
    {
        var mappings = new List<Mapping>();
        var smaps = File.ReadAllText($"/proc/{processId}/smaps");
        foreach (var line in smaps.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("Rss:", StringComparison.Ordinal))
                mappings[^1] = mappings[^1] with { Resident = 1024 * long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) };
            else if (char.IsAsciiHexDigit(line[0]) && line.IndexOf('-') is > 0 and var dash && line.IndexOf(' ') > dash)
            {
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                mappings.Add(new Mapping(ulong.Parse(line[..dash], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    ulong.Parse(line[(dash + 1)..line.IndexOf(' ')], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                    fields[1], fields.Length > 5 ? fields[5].Trim() : "", 0));
            }
        }
        var gcEnd = mappings.MaxBy(m => m.End - m.Start)!.End;
        var gcFound = gcEnd >= GcRange && mappings.Any(m => m.Start == gcEnd - GcRange);
        var byKind = new Dictionary<string, long>();
        for (var i = 0; i < mappings.Count; i++)
        {
            var kind = KindOf(mappings[i], i > 0 ? mappings[i - 1] : null, gcEnd);
            byKind[kind] = byKind.GetValueOrDefault(kind) + mappings[i].Resident;
        }
        var threads = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal));
        var connections = new DirectoryInfo($"/proc/{processId}/fd").EnumerateFileSystemInfos()
            .Count(fd => fd.LinkTarget?.EndsWith(".db", StringComparison.Ordinal) == true);
        return new MemoryMap(byKind, gcFound ? byKind.GetValueOrDefault(GcHeap) : null, int.Parse(threads["Threads:".Length..].Trim(), CultureInfo.InvariantCulture), connections, smaps);
    }

    /// <summary>The kinds whose resident memory grew most from <paramref name="before"/>, per one of <paramref name="added"/>.</summary>
    public IEnumerable<(string Kind, double BytesEach)> GrowthSince(MemoryMap before, int added, int top) =>
        ResidentByKind.Keys.Union(before.ResidentByKind.Keys)
            .Select(kind => (kind, (double)(ResidentByKind.GetValueOrDefault(kind) - before.ResidentByKind.GetValueOrDefault(kind)) / added))
            .OrderByDescending(k => Math.Abs(k.Item2)).Take(top);

    private static string KindOf(Mapping mapping, Mapping? below, ulong gcEnd)
    {
        if (mapping.Start >= gcEnd - GcRange && mapping.End <= gcEnd) return GcHeap;
        if (mapping.Path.StartsWith('/')) return "file " + Path.GetFileName(mapping.Path);
        if (mapping.Path is "[heap]") return "[heap] (malloc)";
        if (mapping.Path.StartsWith('[') && !mapping.Path.StartsWith("[anon", StringComparison.Ordinal)) return mapping.Path;
        if (mapping.Permissions.Contains('x')) return "anonymous executable (compiled code, stubs)";
        // A thread's stack has its guard page right below it; a malloc arena's reserve lies above its used part instead.
        if (below is { Permissions: "---p" } guard && guard.End == mapping.Start && guard.Path.Length == 0) return "anonymous below a guard page (thread stacks)";
        return "anonymous read-write (runtime heaps, malloc arenas)";
    }

    private sealed record Mapping(ulong Start, ulong End, string Permissions, string Path, long Resident);
}
