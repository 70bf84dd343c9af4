using Consultation.Application.Features.Bodies;
using Consultation.Application.Features.Consensus;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Features.Dashboard;
using Consultation.Application.Features.Ledger;
using Consultation.Application.Features.Notifications;
using Consultation.Application.Features.OpenData;
using Consultation.Application.Features.Organizations;
using Consultation.Application.Features.Periods;
using Consultation.Application.Features.PublicApi;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Features.Search;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Consultation.Application.Pipeline;
using Consultation.Application.Security;
using Consultation.Domain.Common;
using static Consultation.Application.Tests.Security.DemoValues;

namespace Consultation.Application.Tests.Security;

/// <summary>The people a request can come from, as far as refusing it goes.</summary>
public enum Sender { Anonymous, Member, OtherRepresentative, ChairOfAnotherCycle, Chair }

/// <summary>
/// Every request sent straight to the mediator (as a crafted circuit message or a bug in a page could) by someone who
/// may not send it is refused with <see cref="AccessDeniedException"/>, and nothing is written. The table says, for
/// every request type of the Application assembly, what it is about and who must be refused; a request type missing
/// from the table fails the test, so a new command cannot be forgotten.
/// </summary>
public sealed class RequestAuthorizationTests(AppHarness app) : IClassFixture<AppHarness>
{
    /// <summary>What a request is about (the consultation of its slug) and who must be refused it.</summary>
    /// <param name="DomainRule">
    /// Where the refusal of a person who passes the role check is the domain's own rule (a stage's items are acted on by
    /// that stage's chairs), its id: then that <see cref="DomainRuleException"/> is the refusal.
    /// </param>
    public sealed record Case(string Audience, string Slug, IReadOnlyList<Sender> Refused, string? DomainRule = null);

    private static Case Anyone(string slug = Ksk) => new("Anyone", slug, []);

    /// <summary>Any signed-in person; <paramref name="scoped"/> are refused by the handler because the thing is not theirs.</summary>
    private static Case SignedIn(string slug = Ksk, params Sender[] scoped) => new("SignedIn", slug, [Sender.Anonymous, .. scoped]);

    private static Case Members(string slug = DnsCert) => new(Roles.Member, slug, [Sender.Anonymous]);

    /// <summary>Chairs and administrators; a chair of another cycle is refused where the request is about this cycle.</summary>
    private static Case Chairs(string slug = DnsCert, bool scopedToTheCycle = true) => new($"{Roles.Chair},{Roles.Administrator}", slug,
        [Sender.Anonymous, Sender.Member, Sender.OtherRepresentative, .. scopedToTheCycle ? new[] { Sender.ChairOfAnotherCycle } : []]);

    /// <summary>Chairs and administrators, about the review that is under way: the demo chair chairs another (DNS-CERT's).</summary>
    private static Case ChairsOfTheOpenReview(string? domainRule = null) => new($"{Roles.Chair},{Roles.Administrator}", OtherCycle,
        [Sender.Anonymous, Sender.Member, Sender.OtherRepresentative, Sender.Chair], domainRule);

    private const string OnlyStageChairActs = "only-stage-chair-acts";

    private static Case Administrators() => new(Roles.Administrator, "jprs",
        [Sender.Anonymous, Sender.Member, Sender.OtherRepresentative, Sender.ChairOfAnotherCycle, Sender.Chair]);

    /// <summary>
    /// Who must be refused each request. Body-scoped requests act for JPRS on the open consultation: a member without a
    /// mandate and the representative of another body (ccNSO) are refused. The consensus requests act on the decided
    /// DNS-CERT review, which the chair of another cycle does not chair; the review requests act on that chair's own
    /// review, under way, which the demo chair does not chair.
    /// </summary>
    public static readonly IReadOnlyDictionary<Type, Case> Table = new Dictionary<Type, Case>
    {
        [typeof(ListSecurityEvents.Query)] = Administrators(),
        [typeof(ListBodies.Query)] = Administrators(),
        [typeof(CreateBody.Command)] = Administrators(),
        [typeof(GrantMembership.Command)] = Administrators(),
        [typeof(EndMembership.Command)] = Administrators(),
        [typeof(GrantMandate.Command)] = Administrators(),
        [typeof(EndMandate.Command)] = Administrators(),
        [typeof(ShowBodyAdministration.Query)] = Administrators(),
        [typeof(MyMemberships.Query)] = SignedIn(),

        [typeof(OpenConsensusCall.Command)] = Chairs(),
        [typeof(PublishDesignation.Command)] = Chairs(),
        [typeof(AnswerChallenge.Command)] = Chairs(),
        [typeof(RecordMinorityView.Command)] = Chairs(),
        [typeof(FinalizeDesignation.Command)] = Chairs(),
        [typeof(PublishRecord.Command)] = Chairs(),
        [typeof(CorrectRecord.Command)] = Chairs(),
        [typeof(RespondToDesignation.Command)] = Members(),
        [typeof(ChallengeDesignation.Command)] = Members(),
        [typeof(ShowConsensusCall.Query)] = SignedIn(DnsCert),
        [typeof(ShowRecord.Query)] = Anyone(DnsCert),
        [typeof(ShowReport.Query)] = Anyone(DnsCert),

        // The comment period of a consultation without a review yet: any chair runs it.
        [typeof(ExtendDeadline.Command)] = Chairs(Ksk, scopedToTheCycle: false),
        [typeof(CloseEarly.Command)] = Chairs(Ksk, scopedToTheCycle: false),
        [typeof(OpenReplyPeriod.Command)] = Chairs(Ksk, scopedToTheCycle: false),

        [typeof(SetUpReviewCycle.Command)] = ChairsOfTheOpenReview(),
        [typeof(EnterItems.Command)] = ChairsOfTheOpenReview(),
        [typeof(StageItems.Query)] = ChairsOfTheOpenReview(),
        [typeof(AssignItem.Command)] = ChairsOfTheOpenReview(OnlyStageChairActs),
        [typeof(SetDisposition.Command)] = ChairsOfTheOpenReview(OnlyStageChairActs),
        [typeof(SendBack.Command)] = ChairsOfTheOpenReview(OnlyStageChairActs),
        [typeof(PassUp.Command)] = ChairsOfTheOpenReview(OnlyStageChairActs),
        [typeof(PublishResponses.Command)] = ChairsOfTheOpenReview(OnlyStageChairActs),
        // Any chair reads another review's ladder and the dashboard; acting on them is what is scoped.
        [typeof(ShowReviewCycle.Query)] = Chairs(scopedToTheCycle: false),
        [typeof(ChairDashboard.Query)] = Chairs(scopedToTheCycle: false),

        [typeof(SubmitPosition.Command)] = SignedIn(Ksk, Sender.Member, Sender.OtherRepresentative),
        [typeof(ReviseSubmission.Command)] = SignedIn(Ksk, Sender.Member, Sender.OtherRepresentative),
        [typeof(WithdrawSubmission.Command)] = SignedIn(Ksk, Sender.Member, Sender.OtherRepresentative),
        [typeof(SaveDraft.Command)] = SignedIn(Ksk, Sender.Member, Sender.OtherRepresentative),
        [typeof(ShowReceipt.Query)] = SignedIn(Ksk, Sender.Member, Sender.OtherRepresentative),
        [typeof(DiscardDraft.Command)] = SignedIn(),
        [typeof(StageAttachment.Command)] = SignedIn(),
        [typeof(MySubmissions.Query)] = SignedIn(),
        [typeof(SubmissionForm.Query)] = SignedIn(),
        [typeof(MyDashboard.Query)] = SignedIn(),
        [typeof(MyNotifications.Query)] = SignedIn(),
        [typeof(UnreadNotifications.Query)] = SignedIn(),
        [typeof(MarkNotificationsRead.Command)] = SignedIn(),

        [typeof(ShowSubmission.Query)] = Anyone(),
        [typeof(DownloadAttachment.Query)] = Anyone(),
        [typeof(ListConsultations.Query)] = Anyone(),
        [typeof(ShowConsultation.Query)] = Anyone(),
        [typeof(ConsultationFilterChoices.Query)] = Anyone(),
        [typeof(ListOrganizations.Query)] = Anyone(),
        [typeof(ShowOrganization.Query)] = Anyone(),
        [typeof(SearchArchive.Query)] = Anyone(),
        [typeof(CheckReceipt.Query)] = Anyone(),
        [typeof(LedgerHead.Query)] = Anyone(),
        [typeof(ShowCanonicalContent.Query)] = Anyone(),
        [typeof(VerifyLedger.Query)] = Anyone(),
        [typeof(ReadArchiveRevision.Query)] = Anyone(),
        [typeof(ConsultationFeed.Query)] = Anyone(),
        [typeof(ExportSubmissions.Query)] = Anyone(),
        [typeof(BrowseConsultations.Query)] = Anyone(),
        [typeof(BrowseSubmissions.Query)] = Anyone(),
        [typeof(ReadSubmission.Query)] = Anyone(),
        [typeof(BrowseRecords.Query)] = Anyone(),
        [typeof(BrowseOrganizations.Query)] = Anyone(),
        [typeof(SearchByCursor.Query)] = Anyone(),
        [typeof(BrowseLedger.Query)] = Anyone(),
    };

    [Fact]
    public void Every_request_type_is_in_the_table_with_the_audience_it_declares()
    {
        var missing = RequestCatalog.AllRequestTypes.Where(t => !Table.ContainsKey(t)).Select(RequestCatalog.Name).ToList();
        Assert.True(missing.Count == 0, "Requests the authorization table says nothing about: " + string.Join(", ", missing));

        Assert.All(Table, entry =>
        {
            var declared = AuthorizationBehavior<Mediator.IMessage, object>.DeclarationOf(entry.Key);
            var audience = declared.Roles.Count > 0 ? string.Join(",", declared.Roles) : declared.Audience.ToString();
            Assert.True(audience == entry.Value.Audience, $"{RequestCatalog.Name(entry.Key)} is for {audience}, the table says {entry.Value.Audience}.");
        });
    }

    [Fact]
    public async Task Every_request_sent_by_someone_who_may_not_send_it_is_refused_and_writes_nothing()
    {
        var chairOfAnotherCycle = await AddChairOfAnotherCycleAsync(app);
        var demo = await ReadAsync(app);
        var senders = new Dictionary<Sender, Caller>
        {
            [Sender.Anonymous] = Caller.Anonymous,
            [Sender.Member] = await app.CallerAsync("member@demo.example"),
            [Sender.OtherRepresentative] = await app.CallerAsync("rep.ccnso@demo.example"),
            [Sender.ChairOfAnotherCycle] = chairOfAnotherCycle,
            [Sender.Chair] = await app.CallerAsync("chair@demo.example"),
        };
        var before = await app.FingerprintAsync();
        var wrong = new List<string>();
        var refusals = 0;
        var domainRefusals = 0;

        foreach (var (type, @case) in Table)
            foreach (var sender in @case.Refused)
            {
                var request = RequestCatalog.Build(type, demo, @case.Slug);
                try
                {
                    await app.SendAsync(request, senders[sender]);
                    wrong.Add($"{RequestCatalog.Name(type)} from {sender}: not refused");
                }
                catch (AccessDeniedException)
                {
                    refusals++;
                }
                catch (DomainRuleException refused) when (refused.Rule == @case.DomainRule)
                {
                    domainRefusals++;
                }
                catch (Exception other)
                {
                    wrong.Add($"{RequestCatalog.Name(type)} from {sender}: {other.GetType().Name}: {other.Message}");
                }
            }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.True(refusals + domainRefusals >= 140, $"Only {refusals + domainRefusals} refusals were tried.");
        Assert.Equal(before, await app.FingerprintAsync());
        await using var db = app.NewDbContext();
        Assert.Equal(refusals, db.SecurityEvents.Count(e => e.Kind == SecurityEventKind.AuthorizationRefused));
    }
}
