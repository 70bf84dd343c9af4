using System.Linq.Expressions;
using System.Text;
using Consultation.Application.Attachments;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Submissions;

/// <summary>The demo accounts the submission tests act as (see the demo data's mandates).</summary>
internal static class People
{
    public const string Admin = "admin@demo.example";
    public const string Chair = "chair@demo.example";
    /// <summary>Holds no mandate; has own-name comments in every demo consultation.</summary>
    public const string Member = "member@demo.example";
    /// <summary>Holds a ccNSO mandate; the ccNSO has no position in the open consultation yet.</summary>
    public const string RepCcnso = "rep.ccnso@demo.example";
    /// <summary>Holds a JPRS mandate; JPRS already has a position in the open consultation.</summary>
    public const string RepJprs = "rep.jprs@demo.example";
    /// <summary>Holds an ISOC mandate.</summary>
    public const string RepIsoc = "rep.isoc@demo.example";
}

/// <summary>
/// Every submission test changes the database, so each test gets its own database, seeded with the demo data at
/// <see cref="AppHarness.SeededAt"/> (the open consultation is open then, the reply-period one is in its reply
/// period), and its own fake clock at that instant. Holds the helpers the submission tests share.
/// </summary>
public abstract class SubmissionTestBase : IAsyncLifetime
{
    /// <summary>
    /// Migrating and seeding (the demo accounts' password hashes) take seconds, so it is done once per run and each
    /// test starts from a copy of the result. The copy is the same as seeding anew: the same clock, the same data.
    /// </summary>
    private static readonly Lazy<Task<byte[]>> SeededDatabase = new(async () =>
    {
        await using var template = await AppHarness.StartAsync();
        var copy = Path.Combine(template.Folder, "seeded-copy.db");
        await using (var db = template.NewDbContext())
            await db.Database.ExecuteSqlAsync($"VACUUM INTO {copy}");
        return await File.ReadAllBytesAsync(copy);
    });

    protected AppHarness App { get; private set; } = null!;

    protected DateTimeOffset Now => App.Clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        var seeded = await SeededDatabase.Value;
        var app = AppHarness.Create();
        try
        {
            await File.WriteAllBytesAsync(app.DatabaseFile, seeded);
            await app.InitializeDatabaseAsync(); // finds every migration applied and the demo data present
            App = app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }

    // ----- sending requests as a demo account -----

    /// <summary>Sends a command through the mediator in its own scope as <paramref name="email"/>, or anonymously (the harness sends queries only).</summary>
    protected async Task<T> SendAsync<T>(ICommand<T> command, string? email)
    {
        var caller = email is null ? Caller.Anonymous : await App.CallerAsync(email);
        return await App.InScopeAsync(async sp =>
        {
            ((TestCurrentUser)sp.GetRequiredService<ICurrentUser>()).Caller = caller;
            return await sp.GetRequiredService<IMediator>().Send(command);
        });
    }

    /// <summary>
    /// Runs the sends at the same time, each on its own thread: SQLite does its work synchronously, so sends merely
    /// started together would otherwise run one after the other.
    /// </summary>
    protected static async Task<T[]> AtOnceAsync<T>(params Func<Task<T>>[] sends)
    {
        using var ready = new Barrier(sends.Length);
        return await Task.WhenAll(sends.Select(send => Task.Run(() =>
        {
            ready.SignalAndWait(TimeSpan.FromSeconds(10));
            return send();
        })));
    }

    /// <summary>Sends a query as <paramref name="email"/>, or anonymously.</summary>
    protected async Task<T> SendAsync<T>(IQuery<T> query, string? email = null) =>
        await App.SendAsync(query, email is null ? null : await App.CallerAsync(email));

    protected async Task<string> PersonIdAsync(string email) => (await App.CallerAsync(email)).PersonId!;

    // ----- commands with valid defaults; tests change what they are about with `with` -----

    protected static SubmitPosition.Command Position(Guid consultationId, Guid? onBehalfOf = null, string text = "A position written for the test.") =>
        new(consultationId, onBehalfOf, Stance.SupportWithChanges, text, IsBlockingObjection: false, BlockingReason: null,
            CitedSectionIds: [], RepliesToSubmissionId: null, RatificationEvidence: null, RatifiedOn: null, AttachmentTokens: [],
            IdempotencyKey: Guid.NewGuid());

    protected static ReviseSubmission.Command Revision(Guid submissionId, string text = "A revised position written for the test.") =>
        new(submissionId, Stance.Concerns, text, IsBlockingObjection: false, BlockingReason: null, CitedSectionIds: [],
            KeptAttachmentIds: [], AttachmentTokens: [], RatificationEvidence: null, RatifiedOn: null, IdempotencyKey: Guid.NewGuid());

    protected static SaveDraft.Command Draft(Guid consultationId, string text, Guid? revising = null, IReadOnlyList<Guid>? cited = null) =>
        new(consultationId, revising, OnBehalfOfBodyId: null, Stance.Oppose, text, IsBlockingObjection: false, BlockingReason: null,
            CitedSectionIds: cited ?? [], RepliesToSubmissionId: null, RatificationEvidence: null, RatifiedOn: null);

    /// <summary>Submits a valid own-name position on the open consultation.</summary>
    protected async Task<SubmissionReceipt> SubmitOpenAsync(string email, string text = "A position written for the test.") =>
        await SendAsync(Position((await OpenAsync()).Id, text: text), email);

    protected Task<StagedAttachment> StageAsync(string? email, string fileName, byte[] content) =>
        SendAsync(new StageAttachment.Command(fileName, content), email);

    // ----- reading the seeded data and what was saved -----

    protected Task<PublicConsultation> OpenAsync() => ConsultationAsync(Slugs.OpenForComment);

    protected async Task<PublicConsultation> ConsultationAsync(string slug)
    {
        await using var db = App.NewDbContext();
        return await db.Consultations.AsNoTracking().Include(c => c.DeadlineChanges).SingleAsync(c => c.Slug == slug);
    }

    protected async Task<Guid> BodyIdAsync(string acronym)
    {
        await using var db = App.NewDbContext();
        return await db.Bodies.Where(b => b.Acronym == acronym).Select(b => b.Id).SingleAsync();
    }

    /// <summary>The id of the section numbered <paramref name="number"/> in the proposal a consultation puts out.</summary>
    protected async Task<Guid> SectionIdAsync(string slug, string number)
    {
        await using var db = App.NewDbContext();
        var consultation = await db.Consultations.SingleAsync(c => c.Slug == slug);
        return await db.ProposalSections.Where(s => s.ProposalVersionId == consultation.ProposalVersionId && s.Number == number)
            .Select(s => s.Id).SingleAsync();
    }

    /// <summary>A submission as stored, with its versions and their attachments.</summary>
    protected async Task<Submission> StoredAsync(Guid submissionId)
    {
        await using var db = App.NewDbContext();
        return await db.Submissions.AsNoTracking().AsSplitQuery().Include(s => s.Versions).ThenInclude(v => v.Attachments)
            .SingleAsync(s => s.Id == submissionId);
    }

    /// <summary>How many submissions a consultation has (those that match <paramref name="which"/>, when given).</summary>
    protected async Task<int> SubmissionCountAsync(string slug, Expression<Func<Submission, bool>>? which = null)
    {
        var consultation = await ConsultationAsync(slug);
        await using var db = App.NewDbContext();
        return await db.Submissions.Where(s => s.ConsultationId == consultation.Id).Where(which ?? (s => true)).CountAsync();
    }

    /// <summary>The one submission of a consultation that matches <paramref name="which"/> (to find the demo data's).</summary>
    protected async Task<Guid> SubmissionIdAsync(string slug, Expression<Func<Submission, bool>> which)
    {
        var consultation = await ConsultationAsync(slug);
        await using var db = App.NewDbContext();
        return await db.Submissions.Where(s => s.ConsultationId == consultation.Id).Where(which).Select(s => s.Id).SingleAsync();
    }

    /// <summary>How many submissions, versions and ledger entries there are: unchanged when a request is refused.</summary>
    protected async Task<(int Submissions, int Versions, int LedgerEntries)> RowCountsAsync()
    {
        await using var db = App.NewDbContext();
        return (await db.Submissions.CountAsync(), await db.SubmissionVersions.CountAsync(), await db.Ledger.CountAsync());
    }

    protected async Task<IReadOnlyList<LedgerEntry>> LedgerAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Ledger.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    protected static void AssertIntact(IReadOnlyList<LedgerEntry> ledger)
    {
        var verification = LedgerVerification.Of(ledger);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(ledger.Count, verification.EntriesChecked);
    }

    // ----- changing data through the domain, as an administrator or chair would -----

    /// <summary>Runs <paramref name="change"/> on a fresh context and saves it.</summary>
    protected async Task ChangeAsync(Func<ConsultationDbContext, Task> change)
    {
        await using var db = App.NewDbContext();
        await change(db);
        await db.SaveChangesAsync();
    }

    /// <summary>The administrator grants <paramref name="email"/> a mandate for a term, or for one consultation only.</summary>
    protected async Task GrantMandateAsync(string email, string bodyAcronym, Guid? onlyForConsultation = null)
    {
        var person = await PersonIdAsync(email);
        var admin = await PersonIdAsync(People.Admin);
        var body = await BodyIdAsync(bodyAcronym);
        await ChangeAsync(db =>
        {
            db.Mandates.Add(onlyForConsultation is { } consultationId
                ? Mandate.ForConsultation(person, body, consultationId, admin, Now)
                : Mandate.ForTerm(person, body, Now, null, admin, Now));
            return Task.CompletedTask;
        });
    }

    /// <summary>The chair extends the open consultation's comment period to <paramref name="newClose"/>.</summary>
    protected async Task ExtendOpenConsultationAsync(DateTimeOffset newClose)
    {
        var chair = await PersonIdAsync(People.Chair);
        await ChangeAsync(async db =>
        {
            var consultation = await db.Consultations.SingleAsync(c => c.Slug == Slugs.OpenForComment);
            consultation.Extend(newClose, "Extended for the test, at the community's request.", chair, Now);
        });
    }

    // ----- refusals -----

    protected static async Task<DomainRuleException> AssertRuleAsync(string rule, Func<Task> action)
    {
        var refused = await Assert.ThrowsAsync<DomainRuleException>(action);
        Assert.Equal(rule, refused.Rule);
        return refused;
    }

    /// <summary>The request is refused as invalid input on exactly one field; returns that field's messages.</summary>
    protected static async Task<string[]> AssertInvalidAsync(string field, Func<Task> action)
    {
        var invalid = await Assert.ThrowsAsync<InputInvalidException>(action);
        Assert.Equal([field], invalid.Errors.Keys);
        return invalid.Errors[field];
    }

    // ----- file contents -----

    protected static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Bytes written as a string of code points 0-255 (so "\u0090" is the byte 0x90).</summary>
    protected static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    /// <summary>A small but well-formed PDF document.</summary>
    protected static readonly byte[] SmallPdf = Bytes(
        "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n"
        + "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        + "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        + "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
        + "xref\n0 4\n0000000000 65535 f \n0000000015 00000 n \n0000000064 00000 n \n0000000121 00000 n \n"
        + "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n194\n%%EOF\n");
}
