using Consultation.Application.Features.Consultations;
using Consultation.Application.Rendering;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Features.PublicApi;

/// <summary>A stakeholder body as the API names it.</summary>
public sealed record ApiBody(string Slug, string Name, string? Acronym, Domain.Bodies.BodyKind Kind);

/// <summary>Where the rest of a consultation is: the API, the exports and the Atom feed (absolute addresses).</summary>
public sealed record ApiConsultationLinks(string Self, string Submissions, string? Record, string SubmissionsCsv, string SubmissionsJson, string Feed)
{
    public static ApiConsultationLinks For(Uri site, string slug, bool hasRecord) => new(
        ApiLinks.Api(site, $"consultations/{slug}"), ApiLinks.Api(site, $"consultations/{slug}/submissions"),
        hasRecord ? ApiLinks.Api(site, $"consultations/{slug}/record") : null,
        ApiLinks.Page(site, $"consultations/{slug}/submissions.csv"), ApiLinks.Page(site, $"consultations/{slug}/submissions.json"),
        ApiLinks.Page(site, $"feeds/consultations/{slug}.atom"));
}

/// <param name="Url">The consultation's page on the portal.</param>
/// <param name="SubmissionCount">Submissions that stand (withdrawn ones not counted).</param>
public sealed record ApiConsultation(string Slug, string Title, ConsultationStatus Status, DateTimeOffset OpensAt, DateTimeOffset ClosesAt,
    DateTimeOffset? ReplyClosesAt, DateTimeOffset? DecidedAt, ApiBody? Convener, int SubmissionCount, string Url, ApiConsultationLinks Links);

/// <summary>One consultation: the proposal with its numbered sections, the timeline, the status and the counts.</summary>
/// <param name="SummaryHtml">The summary as sanitized HTML (as the page shows it).</param>
public sealed record ApiConsultationDetail(string Slug, string Title, SanitizedHtml SummaryHtml, ConsultationStatus Status,
    DateTimeOffset OpensAt, DateTimeOffset OriginalClosesAt, DateTimeOffset ClosesAt, DateTimeOffset? ReplyOpensAt, DateTimeOffset? ReplyClosesAt,
    string? ConvenerName, ApiProposal Proposal, IReadOnlyList<TimelineEvent> Timeline, ApiSubmissionCounts Counts, ApiRecordReference? Record,
    string Url, ApiConsultationLinks Links)
{
    public static ApiConsultationDetail From(ShowConsultation.Result c, Uri site) => new(c.Slug, c.Title, c.Summary, c.Status, c.OpensAt,
        c.OriginalClosesAt, c.ClosesAt, c.ReplyOpensAt, c.ReplyClosesAt, c.ConvenerName,
        new ApiProposal(c.Proposal.Title, c.Proposal.VersionLabel, c.Proposal.PublishedAt, c.Proposal.DocumentUrl,
            c.Proposal.Sections.Select(s => new ApiSection(s.Id, s.Number, s.Heading, s.Text, s.CommentCount,
                ApiLinks.Page(site, $"consultations/{c.Slug}#section-{s.Number}"))).ToList()),
        c.Timeline, ApiSubmissionCounts.Of(c.Submissions),
        c.Record is { } r ? new ApiRecordReference(r.Version, r.Level, r.PublishedAt, ApiLinks.Page(site, $"consultations/{c.Slug}/record")) : null,
        ApiLinks.Page(site, $"consultations/{c.Slug}"), ApiConsultationLinks.For(site, c.Slug, c.Record is not null));
}

/// <param name="VersionLabel">The proposal version the consultation asks about.</param>
public sealed record ApiProposal(string Title, string VersionLabel, DateTimeOffset PublishedAt, string? DocumentUrl, IReadOnlyList<ApiSection> Sections);

/// <param name="CommentCount">Standing submissions that cite this section.</param>
public sealed record ApiSection(Guid Id, string Number, string Heading, SanitizedHtml TextHtml, int CommentCount, string Url);

/// <param name="Standing">Submissions not withdrawn.</param>
/// <param name="ByStance">Standing submissions per stance.</param>
public sealed record ApiSubmissionCounts(int Total, int Standing, int Withdrawn, int BlockingObjections, IReadOnlyDictionary<Stance, int> ByStance)
{
    public static ApiSubmissionCounts Of(IReadOnlyList<ShowConsultation.SubmissionSummary> submissions)
    {
        var standing = submissions.Where(s => !s.IsWithdrawn).ToList();
        return new ApiSubmissionCounts(submissions.Count, standing.Count, submissions.Count - standing.Count,
            standing.Count(s => s.IsBlockingObjection),
            Enum.GetValues<Stance>().ToDictionary(stance => stance, stance => standing.Count(s => s.Stance == stance)));
    }
}

public sealed record ApiRecordReference(int Version, Domain.Consensus.ConsensusLevel Level, DateTimeOffset PublishedAt, string Url);

/// <summary>Absolute addresses on the portal as the reader reached it.</summary>
internal static class ApiLinks
{
    public const string Root = "api/v1/";

    public static string Page(Uri site, string path) => new Uri(site, path).AbsoluteUri;

    public static string Api(Uri site, string path) => new Uri(site, Root + path).AbsoluteUri;
}
