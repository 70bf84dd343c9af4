using System.Diagnostics;
using System.Text.Json;
using Bogus;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Person = Consultation.Application.Identity.Person;
using Consultation.Application.Persistence;
using Consultation.Benchmarks.Harness;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Proposals;
using Consultation.Domain.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Benchmarks.Data;

/// <summary>The size of an archive to generate.</summary>
public sealed record ArchiveSize(int Submissions, int Consultations, int Bodies)
{
    /// <summary>People who write in their own name (or hold a body's mandate): one for every 50 submissions, at least 50.</summary>
    public int People => Math.Max(50, Submissions / 50);
}

/// <summary>
/// Fills a new database with a large archive, quickly, without the UI: every row is made by the domain's own factories
/// (<see cref="Submission.Submit"/>, <see cref="Submission.Revise"/>, <see cref="LedgerEntry.Append"/>) and saved by
/// the portal's own EF Core model, so the rows, the full-text index (kept by the database's triggers) and the ledger
/// chain are exactly what the handlers would write. What makes it fast: thousands of submissions per transaction,
/// synchronous=OFF while generating (a half-generated file is thrown away, never used), and no per-request work
/// (authorization, receipts by email) that a bulk load has no reader for.
/// </summary>
public sealed class ArchiveGenerator
{
    private const int Batch = 5_000;
    private static readonly DateTimeOffset ArchiveStart = new(2010, 1, 4, 0, 0, 0, TimeSpan.Zero);

    private readonly ArchiveSize _size;
    private readonly DateTimeOffset _now;
    private readonly Faker _faker;
    private readonly PositionText _text;

    public ArchiveGenerator(ArchiveSize size, DateTimeOffset now, int seed = 2010)
    {
        _size = size;
        _now = now;
        Randomizer.Seed = new Random(seed);
        _faker = new Faker { Random = new Randomizer(seed) };
        _text = new PositionText(_faker);
    }

    /// <summary>The accounts that can sign in to a generated archive (password <see cref="PortalServer.DemoPassword"/>, role Member).</summary>
    public static readonly IReadOnlyList<string> Members = [.. Enumerable.Range(1, 12).Select(i => $"member{i:D2}@bench.example")];

    /// <summary>The archive of the size the options ask for: reused when one of that size and schema exists, generated otherwise.</summary>
    public static async Task<GeneratedArchive> EnsureAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var size = new ArchiveSize(run.Options.Submissions, run.Options.Consultations, run.Options.Bodies);
        var folder = Path.Combine(run.Artifacts, $"archive-{size.Submissions}-{size.Consultations}-{size.Bodies}");
        var manifest = Path.Combine(folder, "archive.json");
        var schema = LatestMigration();
        if (!run.Options.Regenerate && File.Exists(manifest)
            && JsonSerializer.Deserialize<Manifest>(await File.ReadAllTextAsync(manifest, cancellationToken)) is { } known && known.Schema == schema)
        {
            BenchmarkRun.Say($"Reusing the archive in {Path.GetRelativePath(run.Repository, folder)} (--regenerate to make a new one)");
            return known.Archive with { DataDirectory = folder };
        }
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        BenchmarkRun.Say($"Generating an archive of {size.Submissions:N0} submissions, {size.Consultations:N0} consultations, {size.Bodies:N0} bodies...");
        var archive = await new ArchiveGenerator(size, DateTimeOffset.UtcNow).GenerateAsync(folder, cancellationToken);
        await File.WriteAllTextAsync(manifest, JsonSerializer.Serialize(new Manifest(schema, archive)), cancellationToken);
        BenchmarkRun.Say($"Generated: {archive.Describe()}");
        return archive;
    }

    private sealed record Manifest(string Schema, GeneratedArchive Archive);

    private static string LatestMigration() =>
        System.Reflection.Assembly.Load("Consultation.Migrations.Sqlite").GetTypes()
            .Select(t => t.GetCustomAttributes(typeof(Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute), false)
                .OfType<Microsoft.EntityFrameworkCore.Migrations.MigrationAttribute>().FirstOrDefault()?.Id)
            .OfType<string>().Max(StringComparer.Ordinal) ?? "";

    /// <summary>Generates into <paramref name="folder"/> (which must not hold a database yet).</summary>
    public async Task<GeneratedArchive> GenerateAsync(string folder, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        await using var app = new PortalServices(folder, new Dictionary<string, string?> { ["Consultation:SeedDemoData"] = "false" });
        await app.InitializeAsync(cancellationToken);
        var members = await CreateMembersAsync(app, cancellationToken);

        var factory = app.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.Database.OpenConnectionAsync(cancellationToken);
        // Bulk loading: a crash here leaves a file nobody uses, so no waiting on the disk until the end.
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = OFF; PRAGMA cache_size = -2097152; PRAGMA temp_store = MEMORY;", cancellationToken);

        var people = await AddPeopleAsync(db, members, cancellationToken);
        var bodies = await AddBodiesAsync(db, people, cancellationToken);
        var consultations = await AddConsultationsAsync(db, bodies, cancellationToken);
        var (submissions, versions) = await AddSubmissionsAsync(db, consultations, people, cancellationToken);
        // Generated, not sent: the portal started on this archive emails no receipt for them (ReceiptEmails).
        await ReceiptEmails.MarkAllEmailedAsync(db, cancellationToken);

        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = FULL; PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        await db.Database.CloseConnectionAsync();
        var reading = consultations.Single(c => c.Count == GeneratedArchive.ReadingSubmissions);
        var open = consultations.Last(c => c.Consultation.AcceptsCommentsAt(_now));
        return new GeneratedArchive(folder, submissions, versions, consultations.Count, bodies.Count, people.Count,
            reading.Consultation.Slug, open.Consultation.Slug, Members, TypicalQueries, clock.Elapsed,
            new FileInfo(Path.Combine(folder, "consultation.db")).Length);
    }

    /// <summary>What readers typically search for: a subject, two words, a phrase, an exclusion, a prefix, a rare word.</summary>
    public static readonly IReadOnlyList<string> TypicalQueries =
    [
        "DNSSEC", "root zone", "\"registry operators\"", "incident response -DNSSEC", "accountab*", "WHOIS accuracy",
        "funding model ccTLD", "\"name collisions\"", "botnet", "escrow",
    ];

    private static async Task<IReadOnlyList<string>> CreateMembersAsync(PortalServices app, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Person>>();
            foreach (var email in Members)
            {
                var person = new Person { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Benchmark {email[..8]}" };
                Check(await users.CreateAsync(person, PortalServer.DemoPassword));
                Check(await users.AddToRoleAsync(person, Roles.Member));
                ids.Add(person.Id);
            }
        });
        return ids;

        static void Check(IdentityResult result)
        {
            if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    /// <summary>People who write; they have no password (nobody signs in as them), as accounts made by an invitation not yet taken.</summary>
    private async Task<List<string>> AddPeopleAsync(ConsultationDbContext db, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        var memberRole = await db.Roles.Where(r => r.Name == Roles.Member).Select(r => r.Id).SingleAsync(cancellationToken);
        var people = new List<string>(members);
        for (var i = people.Count; i < _size.People; i++)
        {
            var email = $"person{i:D7}@bench.example";
            var person = new Person
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = _faker.Name.FullName(), SecurityStamp = Guid.NewGuid().ToString("N").ToUpperInvariant(),
            };
            db.Users.Add(person);
            db.UserRoles.Add(new IdentityUserRole<string> { UserId = person.Id, RoleId = memberRole });
            people.Add(person.Id);
            if (i % Batch == 0) await SaveAsync(db, cancellationToken);
        }
        await SaveAsync(db, cancellationToken);
        return people;
    }

    private sealed record Body(StakeholderBody Entity, Mandate Mandate);

    /// <summary>Bodies of every kind, each with one representative holding an open-ended mandate.</summary>
    private async Task<List<Body>> AddBodiesAsync(ConsultationDbContext db, List<string> people, CancellationToken cancellationToken)
    {
        var bodies = new List<Body>();
        var kinds = Enum.GetValues<BodyKind>();
        for (var i = 0; i < _size.Bodies; i++)
        {
            var name = _faker.Company.CompanyName();
            var entity = new StakeholderBody($"body-{i:D4}", name, name.Split(' ')[0], kinds[i % kinds.Length], _faker.Company.CatchPhrase());
            var representative = people[_faker.Random.Int(Members.Count, people.Count - 1)];
            db.Bodies.Add(entity);
            db.Memberships.Add(new Membership(representative, entity.Id, MembershipRole.Member, ArchiveStart.AddYears(-1)));
            var mandate = Mandate.ForTerm(representative, entity.Id, ArchiveStart.AddYears(-1), null, Members[0], ArchiveStart.AddYears(-1));
            db.Mandates.Add(mandate);
            bodies.Add(new Body(entity, mandate));
        }
        await SaveAsync(db, cancellationToken);
        return bodies;
    }

    private sealed record Planned(PublicConsultation Consultation, IReadOnlyList<Guid> Sections, int Count);

    /// <summary>
    /// Consultations one after another from 2010 to now, each open 30 to 75 days, the last ones still open. How many
    /// submissions each draws is skewed (log-normal), as real dockets are; one draws exactly 200, for the reading scenario.
    /// </summary>
    private async Task<List<Planned>> AddConsultationsAsync(ConsultationDbContext db, List<Body> bodies, CancellationToken cancellationToken)
    {
        var count = _size.Consultations;
        var reading = count / 2;
        var weights = Enumerable.Range(0, count).Select(_ => Math.Exp(_faker.Random.Double() * 2.4 - 1.2 + _faker.Random.Double() * 1.2)).ToArray();
        var others = weights.Where((_, i) => i != reading).Sum();
        var rest = Math.Max(0, _size.Submissions - GeneratedArchive.ReadingSubmissions);
        var planned = weights.Select((w, i) => i == reading ? GeneratedArchive.ReadingSubmissions : (int)(rest * w / others)).ToArray();
        planned[reading == 0 ? 1 % count : 0] += rest - planned.Where((_, i) => i != reading).Sum();   // rounding

        var span = (_now - TimeSpan.FromDays(20) - ArchiveStart) / Math.Max(1, count - 1);   // the last opens 20 days ago: open now
        var list = new List<Planned>();
        for (var i = 0; i < count; i++)
        {
            var opens = ArchiveStart + span * i;
            var closes = opens.AddDays(_faker.Random.Int(30, 75));
            var subject = _faker.PickRandom(PositionText.Subjects);
            var proposal = new Proposal($"Proposal on {subject}", _text.Paragraph());
            var sections = Enumerable.Range(1, _faker.Random.Int(3, 8))
                .Select(n => ($"{n}", Capitalized(_faker.PickRandom(PositionText.Subjects)), _text.Paragraph() + "\n\n" + _text.Paragraph()));
            var version = proposal.PublishVersion("1.0", opens, null, sections);
            db.Proposals.Add(proposal);
            var consultation = new PublicConsultation($"consultation-{i:D4}-{opens:yyyy}", $"Public comment: {subject} ({opens:MMMM yyyy})",
                _text.Paragraph(), version.Id, _faker.PickRandom(bodies).Entity.Id, opens, closes);
            db.Consultations.Add(consultation);
            list.Add(new Planned(consultation, version.Sections.Select(s => s.Id).ToArray(), planned[i]));
        }
        await SaveAsync(db, cancellationToken);
        return list;
    }

    private static string Capitalized(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>One version to write at a moment: a new submission (own name, or a body's position), or a body's revision.</summary>
    private sealed record Event(DateTimeOffset At, int Consultation, int Body);

    private async Task<(int Submissions, int Versions)> AddSubmissionsAsync(ConsultationDbContext db, List<Planned> consultations,
        List<string> people, CancellationToken cancellationToken)
    {
        var bodies = await db.Mandates.AsNoTracking().ToListAsync(cancellationToken);
        var events = PlanEvents(consultations, bodies.Count);
        BenchmarkRun.Say($"  {events.Count:N0} versions planned; writing...");
        var head = await db.Ledger.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        var positions = new Dictionary<(int Consultation, int Body), Submission>();
        var (written, submissions) = (0, 0);
        var progress = Stopwatch.StartNew();

        var unit = await db.Database.BeginTransactionAsync(cancellationToken);
        var transaction = unit.GetDbTransaction();
        using var submissionRows = new RowWriter<Submission>(db, transaction);
        using var versionRows = new RowWriter<SubmissionVersion>(db, transaction);
        using var citedRows = new RowWriter<CitedSection>(db, transaction);
        using var ledgerRows = new RowWriter<LedgerEntry>(db, transaction);
        using var touch = transaction.Connection!.CreateCommand();
        touch.CommandText = """UPDATE "Submissions" SET "ConcurrencyToken" = upper($token) WHERE "Id" = upper($id)""";
        foreach (var e in events)
        {
            var planned = consultations[e.Consultation];
            var consultation = planned.Consultation;
            var content = new SubmissionContent(_faker.Random.Enum<Stance>(), _text.Position(),
                _faker.Random.Int(0, 9) < 3 ? _faker.PickRandom(planned.Sections, _faker.Random.Int(1, Math.Min(2, planned.Sections.Count))).ToArray() : null,
                _faker.Random.Int(0, 99) < 3 ? _text.Paragraph() : null);
            SubmissionVersion version;
            if (e.Body >= 0 && positions.TryGetValue((e.Consultation, e.Body), out var position))
            {
                // A body's position revised: its next version, and a new concurrency token, as RevisePosition saves it.
                version = position.Revise(bodies[e.Body].PersonId, consultation, content, e.At, bodies[e.Body]);
                touch.Transaction = transaction;
                touch.Parameters.Clear();
                touch.Parameters.Add(new SqliteParameter("$token", (position.ConcurrencyToken = Guid.NewGuid()).ToString()));
                touch.Parameters.Add(new SqliteParameter("$id", position.Id.ToString()));
                touch.ExecuteNonQuery();
            }
            else
            {
                var mandate = e.Body >= 0 ? bodies[e.Body] : null;
                var author = mandate?.PersonId ?? people[_faker.Random.Int(0, people.Count - 1)];
                var submission = Submission.Submit(consultation, author, mandate, null, content, null, Guid.NewGuid(), e.At);
                if (mandate is not null) positions[(e.Consultation, e.Body)] = submission;
                submissionRows.Write(submission);
                version = submission.Current;
                submissions++;
            }
            versionRows.Write(version);
            foreach (var cited in version.CitedSections) citedRows.Write(cited);
            head = LedgerEntry.Append(head, LedgerEntryKind.SubmissionVersion, version.Id, version.ContentHash, version.SubmittedAt);
            ledgerRows.Write(head);

            if (++written % 100_000 == 0)
            {
                await unit.CommitAsync(cancellationToken);
                await unit.DisposeAsync();
                unit = await db.Database.BeginTransactionAsync(cancellationToken);
                transaction = unit.GetDbTransaction();
                submissionRows.Transaction = versionRows.Transaction = citedRows.Transaction = ledgerRows.Transaction = transaction;
                BenchmarkRun.Say($"  {written:N0} of {events.Count:N0} versions ({written / progress.Elapsed.TotalSeconds:N0}/s)");
            }
        }
        await unit.CommitAsync(cancellationToken);
        await unit.DisposeAsync();
        return (submissions, written);
    }

    /// <summary>
    /// Every version to write, in the order they happen, so that the ledger is in time order as the live portal's is.
    /// Each consultation: its planned submissions at random moments of its period (up to now); one in ten from a body
    /// (a body speaks once per consultation), and a third of the bodies' positions revised once or twice later.
    /// </summary>
    private List<Event> PlanEvents(List<Planned> consultations, int bodies)
    {
        var events = new List<Event>(_size.Submissions + _size.Submissions / 20);
        for (var c = 0; c < consultations.Count; c++)
        {
            var consultation = consultations[c].Consultation;
            var opens = consultation.OpensAt;
            var last = consultation.ClosesAt < _now ? consultation.ClosesAt : _now;
            DateTimeOffset Moment(DateTimeOffset after) => after + (last - after) * _faker.Random.Double(0, 0.999);
            var speaking = new Queue<int>(Enumerable.Range(0, bodies).OrderBy(_ => _faker.Random.Int()));
            for (var n = 0; n < consultations[c].Count; n++)
            {
                var at = Moment(opens);
                if (_faker.Random.Int(0, 9) == 0 && speaking.TryDequeue(out var body))
                {
                    events.Add(new Event(at, c, body));
                    var revised = at;
                    for (var r = _faker.Random.Int(0, 2) == 0 ? _faker.Random.Int(1, 2) : 0; r > 0; r--)
                        events.Add(new Event(revised = Moment(revised), c, body));
                }
                else events.Add(new Event(at, c, -1));
            }
        }
        // Stable: a revision planned at the same instant as its submission stays after it.
        return [.. events.OrderBy(e => e.At)];
    }

    private static async Task SaveAsync(ConsultationDbContext db, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }
}
