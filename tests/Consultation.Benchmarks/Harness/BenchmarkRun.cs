using System.Diagnostics;
using System.Globalization;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// What every scenario shares: where the repository and the benchmark's files are, how many times each measurement is
/// repeated (the report gives the median), and the facts about the machine and the commit the report starts with.
/// </summary>
public sealed class BenchmarkRun
{
    private BenchmarkRun(string repository, BenchmarkOptions options)
    {
        Repository = repository;
        Options = options;
        Artifacts = Directory.CreateDirectory(Path.Combine(repository, "tests", "artifacts", "bench")).FullName;
    }

    public string Repository { get; }
    public BenchmarkOptions Options { get; }

    /// <summary>tests/artifacts/bench: the generated archive, the published portal, logs. Ignored by git.</summary>
    public string Artifacts { get; }

    public static BenchmarkRun Start(BenchmarkOptions options)
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Consultation.sln"))) folder = folder.Parent;
        return new BenchmarkRun(folder?.FullName ?? throw new InvalidOperationException("Run the benchmarks from inside the repository."), options);
    }

    /// <summary>A line of progress, with the time, so that a long run shows where it is.</summary>
    public static void Say(string line) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");

    public string Commit => Run("git", "rev-parse --short HEAD", Repository).Trim()
                            + (Run("git", "status --porcelain --untracked-files=no", Repository).Trim().Length > 0 ? " (with uncommitted changes)" : "");

    /// <summary>The machine as the report describes it: processor, cores, memory, kernel, .NET, SQLite.</summary>
    public static string Machine()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown processor";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal", StringComparison.Ordinal));
        var kib = long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        // Nothing else may have opened SQLite in this process (a run with --only and an archive already generated).
        SQLitePCL.Batteries_V2.Init();
        var sqlite = SQLitePCL.raw.sqlite3_libversion().utf8_to_string();
        return $"{cpu}, {Environment.ProcessorCount} cores, {kib / 1024.0 / 1024.0:F1} GiB memory; " +
               $"{Run("uname", "-sr", "/").Trim()}; .NET {Environment.Version}; SQLite {sqlite}";
    }

    /// <summary>Runs a program to its end and returns what it printed; throws with its output when it fails.</summary>
    public static string Run(string program, string arguments, string workingDirectory, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory, UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {arguments} exited with {process.ExitCode}:\n{output}\n{error.Result}");
        return output;
    }
}

/// <summary>The command line: which scenarios, how big an archive, how many repetitions.</summary>
public sealed record BenchmarkOptions(int Submissions, int Consultations, int Bodies, int Runs, IReadOnlySet<string> Only, bool Regenerate)
{
    public static readonly string[] Usage =
    [
        "dotnet run -c Release --project tests/Consultation.Benchmarks [-- options]",
        "  --submissions N     submissions in the generated archive (default 1000000)",
        "  --consultations N   consultations (default 500)",
        "  --bodies N          stakeholder bodies (default 300)",
        "  --runs N            repetitions of each measurement; the report gives the median (default 3)",
        "  --only a,b          run only these scenarios (reading, search, ingest, circuits, startup); writes no docs/BENCHMARKS.md",
        "  --regenerate        generate the archive again even if one of this size exists",
    ];

    public static BenchmarkOptions Parse(string[] args)
    {
        int submissions = 1_000_000, consultations = 500, bodies = 300, runs = 3;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var regenerate = false;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Count() => int.TryParse(Next(), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"{args[i - 1]} needs a positive whole number.");
            switch (args[i])
            {
                case "--submissions": submissions = Count(); break;
                case "--consultations": consultations = Count(); break;
                case "--bodies": bodies = Count(); break;
                case "--runs": runs = Count(); break;
                case "--only": only.UnionWith(Next().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)); break;
                case "--regenerate": regenerate = true; break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }
        return new BenchmarkOptions(submissions, consultations, bodies, runs, only, regenerate);
    }

    public bool Includes(string scenario) => Only.Count == 0 || Only.Contains(scenario);
}
