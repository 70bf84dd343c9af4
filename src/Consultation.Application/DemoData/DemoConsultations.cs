using System.Globalization;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Proposals;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;

namespace Consultation.Application.DemoData;

internal sealed record LedgerEvent(DateTimeOffset At, LedgerEntryKind Kind, Guid SubjectId, string ContentHash);

/// <summary>
/// The illustrative sample data: the stakeholder bodies of DOMAIN.md, the DNS-CERT 2010 consultation taken all
/// the way to a consensus record, one consultation open now and one in its reply period. Every text is labelled
/// as sample text: no quotation, and no position attributed to a real body as fact. Everything goes through the
/// domain's own rules, so the sample data is valid by construction.
/// </summary>
internal sealed class DemoConsultations(ConsultationDbContext db, IReadOnlyDictionary<string, string> people, DateTimeOffset now,
    LedgerWriter ledger, CancellationToken cancellationToken)
{
    private const string SampleNote = "*Illustrative sample data for the demo: not the actual text or position of any body.*";
    private readonly List<LedgerEvent> _events = [];
    private readonly Dictionary<string, StakeholderBody> _bodies = [];
    private readonly Dictionary<(string Email, string Body), Mandate> _mandates = [];

    public async Task BuildAsync()
    {
        AddBodies();
        AddMandates();
        await DnsCert2010Async();
        OpenConsultation();
        ReplyPeriodConsultation();
        await AppendToLedgerAsync();
    }

    /// <summary>Appends what happened so far in the order it happened; returns the ledger head.</summary>
    private async Task<string> AppendToLedgerAsync()
    {
        LedgerEntry? head = null;
        foreach (var e in _events.OrderBy(e => e.At))
            head = await ledger.AppendAsync(db, e.Kind, e.SubjectId, e.ContentHash, e.At, cancellationToken);
        _events.Clear();
        return head?.Hash ?? LedgerEntry.GenesisHash;
    }

    private static DateTimeOffset At(string utc) =>
        DateTimeOffset.ParseExact(utc, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private string Person(string email) => people[email];

    private void AddBodies()
    {
        (string Slug, string Name, string Acronym, BodyKind Kind, string? Parent)[] bodies =
        [
            ("ccnso", "Country Code Names Supporting Organization", "ccNSO", BodyKind.SupportingOrganization, null),
            ("gnso", "Generic Names Supporting Organization", "GNSO", BodyKind.SupportingOrganization, null),
            ("aso", "Address Supporting Organization", "ASO", BodyKind.SupportingOrganization, null),
            ("gac", "Governmental Advisory Committee", "GAC", BodyKind.AdvisoryCommittee, null),
            ("ssac", "Security and Stability Advisory Committee", "SSAC", BodyKind.AdvisoryCommittee, null),
            ("rssac", "Root Server System Advisory Committee", "RSSAC", BodyKind.AdvisoryCommittee, null),
            ("alac", "At-Large Advisory Committee", "ALAC", BodyKind.AdvisoryCommittee, null),
            ("ietf", "Internet Engineering Task Force", "IETF", BodyKind.TechnicalCommunity, null),
            ("isoc", "Internet Society", "ISOC", BodyKind.TechnicalCommunity, null),
            ("first", "Forum of Incident Response and Security Teams", "FIRST", BodyKind.SecurityCommunity, null),
            ("jprs", "Japan Registry Services (.jp)", "JPRS", BodyKind.Registry, "ccnso"),
            ("cira", "Canadian Internet Registration Authority (.ca)", "CIRA", BodyKind.Registry, "ccnso"),
            ("nominet", "Nominet (.uk)", "Nominet", BodyKind.Registry, "ccnso"),
            ("centr", "Council of European National Top-Level Domain Registries", "CENTR", BodyKind.Registry, null),
        ];
        foreach (var (slug, name, acronym, kind, parent) in bodies)
        {
            var body = new StakeholderBody(slug, name, acronym, kind, "Sample directory entry for the demo.");
            if (parent is not null) body.PlaceUnder(_bodies[parent]);
            _bodies[slug] = body;
            db.Bodies.Add(body);
        }
    }

    private void AddMandates()
    {
        var since = At("2009-01-01 00:00");
        (string Email, string Body)[] representatives =
            [("rep.ccnso@demo.example", "ccnso"), ("rep.jprs@demo.example", "jprs"), ("rep.centr@demo.example", "centr"),
             ("rep.isoc@demo.example", "isoc"), ("rep.cert@demo.example", "first")];
        foreach (var (email, body) in representatives)
        {
            db.Memberships.Add(new Membership(Person(email), _bodies[body].Id, MembershipRole.Member, since));
            var mandate = Mandate.ForTerm(Person(email), _bodies[body].Id, since, null, Person("admin@demo.example"), since);
            _mandates[(email, body)] = mandate;
            db.Mandates.Add(mandate);
        }
        db.Memberships.Add(new Membership(Person("chair@demo.example"), _bodies["ccnso"].Id, MembershipRole.Chair, since));
        db.Memberships.Add(new Membership(Person("member@demo.example"), _bodies["alac"].Id, MembershipRole.Member, since));
    }

    private PublicConsultation NewConsultation(string slug, string title, string summary, string proposalTitle,
        DateTimeOffset published, string? convener, DateTimeOffset opens, DateTimeOffset closes,
        params (string Number, string Heading, string Text)[] sections)
    {
        var proposal = new Proposal(proposalTitle, summary);
        var version = proposal.PublishVersion("1.0", published, null, sections);
        db.Proposals.Add(proposal);
        var consultation = new PublicConsultation(slug, title, summary + "\n\n" + SampleNote, version.Id, convener is null ? null : _bodies[convener].Id, opens, closes);
        db.Consultations.Add(consultation);
        return consultation;
    }

    private Submission Submit(PublicConsultation consultation, string email, string? body, Stance stance, string text,
        DateTimeOffset at, IEnumerable<int> sections, string? blocking = null, Ratification? ratification = null, Submission? replyTo = null)
    {
        var submission = Submission.Submit(consultation, Person(email), body is null ? null : _mandates[(email, body)], ratification,
            new SubmissionContent(stance, SampleNote + "\n\n" + text, SectionIds(consultation, sections), blocking), replyTo, Guid.NewGuid(), at);
        db.Submissions.Add(submission);
        _events.Add(new(at, LedgerEntryKind.SubmissionVersion, submission.Current.Id, submission.Current.ContentHash));
        return submission;
    }

    private void Revise(Submission submission, PublicConsultation consultation, string email, string body, Stance stance, string text,
        DateTimeOffset at, IEnumerable<int> sections)
    {
        var version = submission.Revise(Person(email), consultation,
            new SubmissionContent(stance, SampleNote + "\n\n" + text, SectionIds(consultation, sections), null), at, _mandates[(email, body)]);
        _events.Add(new(at, LedgerEntryKind.SubmissionVersion, version.Id, version.ContentHash));
    }

    private List<Guid> SectionIds(PublicConsultation consultation, IEnumerable<int> sections) =>
        db.ProposalVersions.Local.Single(v => v.Id == consultation.ProposalVersionId)
            .Sections.Where(s => sections.Contains(int.Parse(s.Number, CultureInfo.InvariantCulture))).Select(s => s.Id).ToList();

    private async Task DnsCert2010Async()
    {
        var dnsCert = NewConsultation("dns-cert-business-case-2010", "Global DNS-CERT Business Case",
            "ICANN put the *Global DNS-CERT Business Case* out for public comment in February 2010. The proceeding opened on "
            + "2010-02-12, was due to close on 2010-03-29 and was extended to 2010-04-14. The section headings below summarise "
            + "the proposal's structure for the demo.",
            "Global DNS-CERT Business Case", At("2010-02-12 00:00"), null, At("2010-02-12 00:00"), At("2010-03-29 23:59"),
            ("1", "Purpose of the business case", "Why a coordinating DNS security response capability is proposed."),
            ("2", "The DNS threat landscape", "The threats to the DNS that the proposal describes."),
            ("3", "Proposed DNS-CERT functions", "What a DNS-CERT would do: coordination, analysis, outreach."),
            ("4", "Governance, staffing and funding", "How the capability would be governed, staffed and funded."),
            ("5", "Relationship with existing CERTs and operators", "How it would work with national CERTs, registries and root server operators."),
            ("6", "Consultation questions and next steps", "What the community is asked, and what follows the comment period."));

        var extension = dnsCert.Extend(At("2010-04-14 23:59"), "Extended at the community's request, to give stakeholders more time.",
            Person("chair@demo.example"), At("2010-03-26 12:00"));
        _events.Add(new(extension.ChangedAt, LedgerEntryKind.DeadlineChange, extension.Id, LedgerContent.Of(extension)));

        var ccnso = Submit(dnsCert, "rep.ccnso@demo.example", "ccnso", Stance.Concerns,
            "Security concerns should be taken up through the bottom-up, consensus-based multi-stakeholder model. The sample "
            + "position asks that the underlying facts and studies be shared first, and that RSSAC, SSAC, the ccNSO, the IETF, "
            + "the CERT community and the largest registries be consulted before any strategy or operating plan follows.",
            At("2010-03-12 09:30"), [1, 4, 6],
            blocking: "The analysis should not proceed until the stakeholders named above have been consulted.",
            ratification: new Ratification("Sample ratification evidence: adopted by the ccNSO Council", new DateOnly(2010, 3, 11)));
        var jprs = Submit(dnsCert, "rep.jprs@demo.example", "jprs", Stance.Concerns,
            "Sample comment from a ccTLD registry: the functions in section 3 overlap with what registries and national CERTs "
            + "already do; the business case should say how duplication is avoided.", At("2010-03-25 03:00"), [3, 5]);
        var isoc = Submit(dnsCert, "rep.isoc@demo.example", "isoc", Stance.SupportWithChanges,
            "Sample comment: coordination of DNS incident response is worth pursuing, provided the scope is narrowed and the "
            + "governance in section 4 is developed openly with the technical community.", At("2010-03-28 15:00"), [3, 4]);
        // A position revised before the deadline, so that a reader of the demo sees versions and the changes between them.
        Revise(isoc, dnsCert, "rep.isoc@demo.example", "isoc", Stance.SupportWithChanges,
            "Sample comment: coordination of DNS incident response is worth pursuing, provided the scope is narrowed to "
            + "coordination and the governance in section 4 is developed openly with the technical community and existing CERTs "
            + "(section 5).", At("2010-03-29 11:00"), [3, 4, 5]);
        var centr = Submit(dnsCert, "rep.centr@demo.example", "centr", Stance.Concerns,
            "Sample comment from a registry association: funding and governance (section 4) need much more detail, and the "
            + "relationship with existing CERTs (section 5) should be worked out with them.", At("2010-03-29 18:00"), [4, 5]);
        var individual = Submit(dnsCert, "member@demo.example", null, Stance.Support,
            "Sample comment in a participant's own name: any improvement in coordinated response to DNS incidents is welcome.",
            At("2010-04-05 10:00"), [2]);
        var cert = Submit(dnsCert, "rep.cert@demo.example", "first", Stance.SupportWithChanges,
            "Sample comment from the incident-response community: a DNS-CERT should complement, not replace, existing teams, "
            + "and share information under established handling rules.", At("2010-04-12 08:00"), [3, 5]);

        await ReviewToRecordAsync(dnsCert, [
            (ccnso, Disposition.PartiallyAccepted, "Sample response: the underlying studies will be published and the SOs and ACs consulted before any plan is adopted."),
            (jprs, Disposition.Accepted, "Sample response: the revised scope will state how overlap with registries and national CERTs is avoided."),
            (isoc, Disposition.Accepted, "Sample response: governance options will be developed in an open working group."),
            (centr, Disposition.PartiallyAccepted, "Sample response: funding and governance will be detailed in a revised paper; CERT relations are covered by the response to JPRS."),
            (individual, Disposition.AddressedNotAccommodated, "Sample response: support noted; the proposal is not pursued as drafted, for the reasons in the record."),
            (cert, Disposition.Accepted, "Sample response: complementarity with existing teams becomes a stated principle."),
        ], minority: isoc);
    }

    private async Task ReviewToRecordAsync(PublicConsultation consultation, (Submission Submission, Disposition Disposition, string Response)[] answers, Submission minority)
    {
        var chair = Person("chair@demo.example");
        var cycle = new ReviewCycle(consultation.Id, ReviewCycle.StandardLadder.Select(name => new StagePlan(null, name, [chair])).ToList(),
            ItemEntry.AtClose, At("2010-04-16 09:00"));
        db.ReviewCycles.Add(cycle);
        _events.Add(new(cycle.CreatedAt, LedgerEntryKind.ReviewCycleSetUp, cycle.Id, LedgerContent.Of(cycle)));

        // Every item is answered in the first stage before the stage passes them up together, as the stage-level rule wants.
        var items = answers.Select((answer, i) => (Item: cycle.Enter(answer.Submission.Id, chair, At("2010-04-16 09:00").AddMinutes(i)), Answer: answer)).ToList();
        var t = At("2010-04-20 09:00");
        foreach (var (item, answer) in items)
            item.SetDisposition(cycle, chair, answer.Disposition, answer.Response, null, t = t.AddHours(1));
        for (var stage = cycle.First; cycle.Above(stage) is { } above; stage = above)
            cycle.PassUp(stage, items.Select(i => i.Item).ToList(), items.Select(i => i.Item).ToList(), chair, t = t.AddDays(3));
        foreach (var (item, _) in items)
        {
            item.PublishResponse(cycle, chair, At("2010-06-15 11:00"));
            db.ReviewItems.Add(item);
            foreach (var step in item.Steps)
                if (LedgerContent.KindOf(step) is { } kind) _events.Add(new(step.At, kind, step.Id, LedgerContent.Of(step)));
        }
        cycle.Complete(items.Select(i => i.Item).ToList(), At("2010-06-15 12:00"));

        var call = ConsensusCall.Open(consultation.Id, chair, DecidedReview(answers.Length), existing: null, At("2010-05-10 09:00"));
        _events.Add(new(call.OpenedAt, LedgerEntryKind.ConsensusCallOpened, call.Id, LedgerContent.Of(call)));
        var estimated = call.Designate(ConsensusLevel.Divergence,
            "Sample rationale: no strong support for establishing a DNS-CERT as proposed; broad support for sharing the studies first.",
            chair, At("2010-05-12 09:00"));
        var agreement = call.Respond(estimated.Id, Person("rep.ccnso@demo.example"), agrees: true,
            "Sample response: agrees with the estimated designation.", At("2010-05-13 09:00"));
        var challenge = call.Challenge(Person("rep.isoc@demo.example"),
            "Sample challenge: the designation understates the support for coordinated incident response.", At("2010-05-14 09:00"));
        _events.Add(new(challenge.RaisedAt, LedgerEntryKind.Challenge, challenge.Id, LedgerContent.Of(challenge)));
        call.AnswerChallenge(challenge.Id, upheld: false,
            "Sample answer: that support is recorded as a minority view; it does not change the designation.", chair, At("2010-05-20 09:00"));
        var minorityView = call.RecordMinorityView(minority.Id,
            "Sample minority view: coordination of DNS incident response should go ahead with a narrowed scope.", chair, At("2010-05-21 09:00"));
        var final = call.Finalize(chair, At("2010-06-01 09:00"));
        db.ConsensusCalls.Add(call);
        foreach (var designation in new[] { estimated, final })
            _events.Add(new(designation.PublishedAt, LedgerEntryKind.Designation, designation.Id, LedgerContent.Of(designation)));
        _events.Add(new(agreement.RespondedAt, LedgerEntryKind.DesignationResponse, agreement.Id, LedgerContent.Of(agreement)));
        // The challenge's second entry (its answer) matches the row as stored: the latest entry of a subject does.
        _events.Add(new(challenge.AnsweredAt!.Value, LedgerEntryKind.Challenge, challenge.Id, LedgerContent.Of(challenge)));
        _events.Add(new(minorityView.RecordedAt, LedgerEntryKind.MinorityViewRecorded, minorityView.Id, LedgerContent.Of(minorityView)));

        var publishedAt = At("2010-06-15 12:00");
        consultation.MarkDecided(publishedAt);
        var head = await AppendToLedgerAsync();
        var record = ConsensusRecord.Publish(call, DecidedReview(answers.Length), existing: null,
            "Sample decision: the business case is not pursued as drafted. The underlying studies are to be shared and the "
            + "supporting organizations, advisory committees, the IETF, the CERT community and registries consulted before any "
            + "strategy or operating plan is proposed.\n\n" + SampleNote,
            chair, head, publishedAt);
        db.ConsensusRecords.Add(record);
        _events.Add(new(publishedAt, LedgerEntryKind.RecordPublished, record.Id, LedgerContent.Of(record)));
    }

    /// <summary>Every item reviewed to the top with its response published (as <see cref="ReviewToRecordAsync"/> does).</summary>
    private static ReviewProgress DecidedReview(int items) => new(HasReviewCycle: true, items, BelowConsensusStage: 0,
        BelowRecordStage: 0, WithoutPublishedResponse: 0, UnansweredBlockingObjections: 0);

    private void OpenConsultation()
    {
        var opens = now.AddDays(-9).Date;
        var consultation = NewConsultation("ksk-rollover-communication-plan", "Root Zone KSK Rollover Communication Plan",
            "A fictional proposal for the demo: how operators, registries and resolver operators are told about a future "
            + "rollover of the root zone's key-signing key.",
            "Root Zone KSK Rollover Communication Plan", new DateTimeOffset(opens, TimeSpan.Zero), "rssac",
            new DateTimeOffset(opens, TimeSpan.Zero), new DateTimeOffset(opens, TimeSpan.Zero).AddDays(42),
            ("1", "Audiences", "Who must hear about the rollover: resolver operators, ISPs, registries, CERTs."),
            ("2", "Channels and timeline", "Mailing lists, regional meetings and a public dashboard, from twelve months ahead."),
            ("3", "Measuring readiness", "How readiness of validating resolvers is measured and reported."),
            ("4", "Fallback", "What happens if measurements show too many resolvers would fail."));
        Submit(consultation, "member@demo.example", null, Stance.Support,
            "Sample comment: the plan is clear; please publish the readiness measurements weekly.", now.AddDays(-6), [3]);
        Submit(consultation, "rep.jprs@demo.example", "jprs", Stance.SupportWithChanges,
            "Sample comment: registries should receive the notices in their local languages as well.", now.AddDays(-3), [1, 2]);
    }

    private void ReplyPeriodConsultation()
    {
        var opens = new DateTimeOffset(now.AddDays(-52).Date, TimeSpan.Zero);
        var closes = opens.AddDays(46);
        var consultation = NewConsultation("registration-data-accuracy-principles", "Registration Data Accuracy Principles",
            "A fictional proposal for the demo: principles for keeping domain registration data accurate while respecting privacy.",
            "Registration Data Accuracy Principles", opens, "gnso", opens, closes,
            ("1", "Scope", "Which registration data elements the principles cover."),
            ("2", "Verification", "When and how contact data is verified."),
            ("3", "Privacy safeguards", "Limits on collection, retention and disclosure."));
        var centr = Submit(consultation, "rep.centr@demo.example", "centr", Stance.Oppose,
            "Sample comment: country-code registries follow national law; these principles should not apply to them.", opens.AddDays(10), [1]);
        Submit(consultation, "member@demo.example", null, Stance.SupportWithChanges,
            "Sample comment: verification should not require more data than the registration needs.", opens.AddDays(20), [2, 3]);
        Submit(consultation, "rep.isoc@demo.example", "isoc", Stance.Concerns,
            "Sample comment: the privacy safeguards in section 3 need a retention limit.", opens.AddDays(30), [3]);

        consultation.OpenReplyPeriod(closes, closes.AddDays(22), substantiveComments: 3);
        Submit(consultation, "rep.cert@demo.example", "first", Stance.NoPosition,
            "Sample reply: accurate contact data matters for incident response; a ccTLD opt-out should keep an abuse contact.",
            closes.AddDays(2), [1], replyTo: centr);
    }
}
