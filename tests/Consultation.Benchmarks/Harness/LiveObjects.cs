using Microsoft.Diagnostics.Runtime;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// The managed objects another .NET process can still reach, walked from its GC roots with ClrMD while it is suspended
/// (a few seconds): what it really holds, where the resident figure also counts garbage not yet collected, the heap the
/// GC keeps for growth, and native memory.
/// </summary>
public sealed record LiveObjects(long Bytes, long Count, IReadOnlyDictionary<string, long> BytesByType)
{
    public static LiveObjects Walk(int processId)
    {
        using var target = DataTarget.AttachToProcess(processId, suspend: true);
        // The DAC that matches the process is the one beside its runtime; ClrMD's version check does not read the
        // version of Debian's build, hence ignoreMismatch.
        var coreclr = File.ReadLines($"/proc/{processId}/maps").Select(l => l[(l.IndexOf('/') is var at and >= 0 ? at : l.Length)..])
            .First(path => path.EndsWith("/libcoreclr.so", StringComparison.Ordinal));
        using var runtime = target.ClrVersions[0].CreateRuntime(Path.Combine(Path.GetDirectoryName(coreclr)!, "libmscordaccore.so"), ignoreMismatch: true);
        var heap = runtime.Heap;
        var byType = new Dictionary<string, long>();
        long bytes = 0, count = 0;
        var seen = new HashSet<ulong>();
        var pending = new Stack<ulong>();
        foreach (var root in heap.EnumerateRoots())
            if (root.Object.Address != 0 && seen.Add(root.Object.Address)) pending.Push(root.Object.Address);
        while (pending.TryPop(out var address))
        {
            var item = heap.GetObject(address);
            if (!item.IsValid) continue;
            var size = (long)item.Size;
            var type = item.Type?.Name ?? "(unknown)";
            byType[type] = byType.GetValueOrDefault(type) + size;
            bytes += size;
            count++;
            foreach (var reference in item.EnumerateReferenceAddresses(carefully: true))
                if (reference != 0 && seen.Add(reference)) pending.Push(reference);
        }
        return new LiveObjects(bytes, count, byType);
    }

    /// <summary>The types that grew most from <paramref name="before"/> to this walk, in bytes per <paramref name="per"/>.</summary>
    public IEnumerable<(string Type, double Bytes)> GrowthSince(LiveObjects before, int per, int top) =>
        BytesByType.Select(t => (t.Key, Bytes: (t.Value - before.BytesByType.GetValueOrDefault(t.Key)) / (double)per))
            .OrderByDescending(t => t.Bytes).Take(top);
}
