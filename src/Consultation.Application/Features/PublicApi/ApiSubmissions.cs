using Consultation.Application.Features.Consensus;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>
/// A submission as the API gives it: stance, body and kind, its versions' content hashes (the ledger receipts), and the
/// chairs' disposition and response only once published. Never the author's email address or anyone's draft.
/// </summary>
/// <param name="Url">The submission's permanent link on the portal.</param>
/// <param name="Text">The current version's text as written (Markdown).</param>
public sealed record ApiSubmission(Guid Id, string ConsultationSlug, string AuthorName, ApiBody? Body, Stance Stance,
    bool IsBlockingObjection, string? BlockingReason, DateTimeOffset SubmittedAt, DateTimeOffset LastRevisedAt, bool IsLate, Guid? RepliesToId,
    DateTimeOffset? WithdrawnAt, string? WithdrawalReason, Disposition? Disposition, string? Response, DateTimeOffset? ResponsePublishedAt,
    string Text, IReadOnlyList<ApiSubmissionVersion> Versions, string Url, string Self);

/// <param name="ContentHash">SHA-256 of the version's canonical content, as the ledger recorded it: the receipt.</param>
/// <param name="Receipt">Where the API tells which ledger entry recorded this version.</param>
/// <param name="Text">The version's text as written (Markdown); only when one submission is asked for.</param>
public sealed record ApiSubmissionVersion(int Number, DateTimeOffset SubmittedAt, bool IsLate, Stance Stance, string? BlockingReason,
    string ContentHash, string Receipt, string? Text);

/// <summary>Reads submissions for the API, whichever way they were chosen; shared by the list and the single submission.</summary>
internal static class ApiSubmissionReader
{
    public static async Task<IReadOnlyList<ApiSubmission>> ReadAsync(ConsultationDbContext db, string consultationSlug,
        IReadOnlyList<Guid> ids, Uri site, bool withVersionTexts, CancellationToken cancellationToken)
    {
        var submissions = await db.Submissions.AsNoTracking().AsSplitQuery().Where(s => ids.Contains(s.Id))
            .Include(s => s.Versions).Include(s => s.OnBehalfOfBody)
            .ToDictionaryAsync(s => s.Id, cancellationToken);
        var authorIds = submissions.Values.Select(s => s.AuthorId).Distinct().ToList();
        var authors = await db.Users.Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var answers = await PublicOutcome.PublishedAnswersAsync(db, ids.ToList(), cancellationToken);

        return ids.Where(submissions.ContainsKey).Select(id =>
        {
            var s = submissions[id];
            var current = s.Current;
            var answer = answers.GetValueOrDefault(id);
            var author = authors.GetValueOrDefault(s.AuthorId);
            var path = $"consultations/{consultationSlug}/submissions/{id}";
            return new ApiSubmission(id, consultationSlug, string.IsNullOrWhiteSpace(author) ? Person.FormerParticipant : author,
                s.OnBehalfOfBody is { } b ? new ApiBody(b.Slug, b.Name, b.Acronym, b.Kind) : null,
                current.Stance, current.IsBlockingObjection, current.BlockingReason, s.FirstSubmittedAt, current.SubmittedAt,
                s.IsLate || current.IsLate, s.RepliesToId, s.WithdrawnAt, s.WithdrawalReason,
                answer?.Disposition, answer?.Response, answer?.PublishedAt, current.Text,
                s.Versions.OrderBy(v => v.Number).Select(v => new ApiSubmissionVersion(v.Number, v.SubmittedAt, v.IsLate, v.Stance,
                    v.BlockingReason, v.ContentHash, ApiLinks.Api(site, $"ledger/receipts/{v.ContentHash}"), withVersionTexts ? v.Text : null)).ToList(),
                ApiLinks.Page(site, path), ApiLinks.Api(site, path));
        }).ToList();
    }
}
