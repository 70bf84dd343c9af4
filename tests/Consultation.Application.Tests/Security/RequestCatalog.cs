using System.Reflection;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Identity;
using Consultation.Application.Pipeline;
using Consultation.Application.Security;
using Consultation.Domain.Consensus;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Security;

/// <summary>
/// Every request the Application assembly declares (found by reflection, so a new one is covered at once), and a way to
/// build a valid instance of any of them from the demo data: each constructor parameter is filled by its name and type.
/// </summary>
public static class RequestCatalog
{
    public static IReadOnlyList<Type> AllRequestTypes { get; } = typeof(ListConsultations).Assembly.GetTypes()
        .Where(t => typeof(IMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
        .OrderBy(Name, StringComparer.Ordinal).ToList();

    public static bool IsCommand(Type type) => type.GetInterfaces().Any(i => i == typeof(ICommand)
        || (i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)));

    /// <summary>"SubmitPosition.Command": the slice and the message, as the logs name it.</summary>
    public static string Name(Type type) => type.DeclaringType is { } slice ? $"{slice.Name}.{type.Name}" : type.Name;

    /// <summary>The single public constructor of a request record.</summary>
    public static ConstructorInfo ConstructorOf(Type type) =>
        type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();

    /// <summary>A valid instance about <paramref name="slug"/>, filled from the demo data; <paramref name="overrides"/> win by parameter name.</summary>
    public static IMessage Build(Type type, DemoValues demo, string slug, IReadOnlyDictionary<string, object?>? overrides = null)
    {
        var arguments = ConstructorOf(type).GetParameters()
            .Select(p => overrides is not null && overrides.TryGetValue(p.Name!, out var given) ? given : demo.ValueFor(p, slug))
            .ToArray();
        return (IMessage)ConstructorOf(type).Invoke(arguments);
    }

    /// <summary>Sends any request through the real mediator as <paramref name="caller"/>.</summary>
    public static async Task<object?> SendAsync(this AppHarness app, IMessage message, Caller caller) =>
        await app.SendAsync(caller, mediator => mediator.Send((object)message));

    /// <summary>
    /// Everything the application wrote, as one text: every table's rows, but the security log (a refusal is
    /// recorded there on purpose). Two equal fingerprints mean nothing was written.
    /// </summary>
    public static async Task<string> FingerprintAsync(this AppHarness app)
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%search%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        var text = new System.Text.StringBuilder();
        foreach (var table in tables.Where(t => t != nameof(Application.Persistence.ConsultationDbContext.SecurityEvents)))
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1";
            await using var reader = await select.ExecuteReaderAsync();
            text.Append(table).Append('\n');
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++) text.Append(reader.GetValue(i)).Append('|');
                text.Append('\n');
            }
        }
        return text.ToString();
    }
}

/// <summary>The ids and names of the demo data a request is about, read once from the harness's database.</summary>
public sealed record DemoValues(
    Guid KskId, Guid JprsPosition, Guid JprsBody, Guid KskSection, Guid JprsMandate, Guid JprsMembership,
    Guid Designation, Guid Challenge, Guid OpenReviewItem, Guid OpenReviewItemToken, Guid DnsCertSubmission)
{
    public const string Ksk = "ksk-rollover-communication-plan";
    public const string DnsCert = "dns-cert-business-case-2010";
    public const string OtherCycle = "registration-data-accuracy-principles";
    public const string OtherChairEmail = "chair.other@app.example";

    public static async Task<DemoValues> ReadAsync(AppHarness app)
    {
        await using var db = app.NewDbContext();
        var ksk = await db.Consultations.Where(c => c.Slug == Ksk).Select(c => c.Id).SingleAsync();
        var dnsCert = await db.Consultations.Where(c => c.Slug == DnsCert).Select(c => c.Id).SingleAsync();
        var jprs = await db.Bodies.Where(b => b.Slug == "jprs").Select(b => b.Id).SingleAsync();
        var position = await db.Submissions.Where(s => s.ConsultationId == ksk && s.OnBehalfOfBodyId == jprs).Select(s => s.Id).SingleAsync();
        var section = await db.ProposalSections.Where(s => db.Consultations.Any(c => c.Id == ksk && c.ProposalVersionId == s.ProposalVersionId))
            .Select(s => s.Id).FirstAsync();
        var call = await db.ConsensusCalls.Include(c => c.Designations).Include(c => c.Challenges).SingleAsync(c => c.ConsultationId == dnsCert);
        var otherCycle = await db.Consultations.Where(c => c.Slug == OtherCycle).Select(c => c.Id).SingleAsync();
        var item = await db.ReviewItems.Where(i => db.Submissions.Any(s => s.Id == i.SubmissionId && s.ConsultationId == otherCycle))
            .OrderBy(i => i.Id).FirstAsync();
        return new DemoValues(ksk, position, jprs, section,
            await db.Mandates.Where(m => m.BodyId == jprs).Select(m => m.Id).SingleAsync(),
            await db.Memberships.Where(m => m.BodyId == jprs).Select(m => m.Id).SingleAsync(),
            call.Designations.First().Id, call.Challenges.First().Id, item.Id, item.ConcurrencyToken,
            await db.Submissions.Where(s => s.ConsultationId == dnsCert).Select(s => s.Id).FirstAsync());
    }

    /// <summary>
    /// Adds what the demo data lacks: a person with the Chair role who chairs the review of another consultation only,
    /// set up through Identity and the real SetUpReviewCycle command, its items entered at once (the demo review is closed).
    /// </summary>
    public static async Task<Caller> AddChairOfAnotherCycleAsync(AppHarness app)
    {
        await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Person>>();
            var chair = new Person { UserName = OtherChairEmail, Email = OtherChairEmail, EmailConfirmed = true, DisplayName = "Other chair (test)" };
            Assert.True((await users.CreateAsync(chair, AppHarness.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRolesAsync(chair, [Roles.Member, Roles.Chair])).Succeeded);
        });
        var caller = await app.CallerAsync(OtherChairEmail);
        await app.SendAsync(new Features.Reviews.SetUpReviewCycle.Command(OtherCycle,
            Features.Reviews.SetUpReviewCycle.Template(OtherChairEmail), Domain.Reviews.ItemEntry.AtOnce), caller);
        return caller;
    }

    /// <summary>A valid value for one constructor parameter, by its name first and its type second.</summary>
    public object? ValueFor(ParameterInfo parameter, string slug)
    {
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var name = parameter.Name!;
        return name switch
        {
            "Slug" or "ConsultationSlug" or "Consultation" when type == typeof(string) => slug,
            "BodySlug" or "ParentSlug" or "Body" when type == typeof(string) => "jprs",
            "PersonEmail" or "AssigneeEmail" => "member@demo.example",
            "ConsultationId" => KskId,
            "SubmissionId" or "RevisingSubmissionId" or "Id" when slug == DnsCert => DnsCertSubmission,
            "SubmissionId" or "RevisingSubmissionId" or "Id" => JprsPosition,
            "RepliesToSubmissionId" or "DuplicateOfItemId" or "AttachmentId" or "NotificationId" => null,
            "OnBehalfOfBodyId" => JprsBody,
            "MandateId" => JprsMandate,
            "MembershipId" => JprsMembership,
            "DesignationId" => Designation,
            "ChallengeId" => Challenge,
            "CitedSectionIds" => new List<Guid> { KskSection },
            "ContentHash" => new string('a', 64),
            "Site" => new Uri("https://consultation.example/"),
            "Cursor" or "Compare" or "RatificationEvidence" or "BlockingReason" or "Text" when parameter.HasDefaultValue || type != typeof(string) => null,
            "Stages" => Features.Reviews.SetUpReviewCycle.Template("chair@demo.example"),
            "Stage" or "Stance" when type == typeof(Domain.Submissions.Stance) => Domain.Submissions.Stance.Support,
            "Level" => ConsensusLevel.Consensus,
            "FileName" => "note.txt",
            "Content" => "A plain text note."u8.ToArray(),
            "IdempotencyKey" => Guid.NewGuid(),
            "NewClose" or "ClosesAt" => new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero),
            "OpensAt" or "ValidFrom" => new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero),
            _ when parameter.HasDefaultValue => parameter.DefaultValue,
            _ => ValueOfType(type, parameter.ParameterType),
        };
    }

    private object? ValueOfType(Type type, Type declared)
    {
        if (type == typeof(string)) return "A reason given for the test, in plain words.";
        if (type == typeof(int)) return 1;
        if (type == typeof(bool)) return declared == typeof(bool?) ? true : false;
        if (type == typeof(Guid)) return Guid.NewGuid();
        if (type == typeof(Features.Reviews.ItemSeen)) return new Features.Reviews.ItemSeen(OpenReviewItem, OpenReviewItemToken);
        if (type.IsEnum) return Enum.GetValues(type).GetValue(0);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
        {
            var element = type.GetGenericArguments()[0];
            var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(element))!;
            if (element == typeof(Features.Reviews.ItemSeen)) list.Add(new Features.Reviews.ItemSeen(OpenReviewItem, OpenReviewItemToken));
            return list;
        }
        if (type == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        if (type == typeof(DateOnly)) return new DateOnly(2026, 3, 1);
        if (type == typeof(SecurityEventKind)) return SecurityEventKind.AuthorizationRefused;
        throw new InvalidOperationException($"No demo value for a {declared.Name}.");
    }
}
