using Consultation.Application.Features.Consensus;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// A submission's permanent link: every version as it was submitted, with its content hash, attachments and the
/// sections it cites, what changed from one version to the next (or between the two versions <c>Compare</c> names, as
/// "1..3"), its ledger entries, the replies that cite it, and the chairs' answer once published. Public: withdrawn
/// submissions stay, marked withdrawn.
/// </summary>
public static class ShowSubmission
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string ConsultationSlug, Guid SubmissionId, string? Compare = null) : IQuery<Result>;

    public sealed record Result(Guid Id, string ConsultationSlug, string ConsultationTitle, string AuthorName, string? BodyName,
        string? BodySlug, BodyKind? BodyKind, string? RatificationEvidence, DateOnly? RatifiedOn, Guid? RepliesToId, string? RepliesToLabel,
        bool IsLate, DateTimeOffset? WithdrawnAt, string? WithdrawalReason, bool MayEdit, IReadOnlyList<VersionView> Versions,
        VersionChanges? Comparison, string? CompareProblem, IReadOnlyList<Reply> Replies, Answer? PublishedAnswer);

    /// <param name="ChangesFromPrevious">What this version changed from the one before it; null for the first.</param>
    /// <param name="LedgerSequence">The ledger entry that recorded this version (its receipt).</param>
    public sealed record VersionView(int Number, DateTimeOffset SubmittedAt, bool IsLate, string SubmittedBy, Stance Stance, string? BlockingReason,
        SanitizedHtml Text, string ContentHash, IReadOnlyList<string> CitedSections, IReadOnlyList<AttachmentLink> Attachments,
        VersionChanges? ChangesFromPrevious, long? LedgerSequence, string? LedgerEntryHash);

    /// <summary>A later submission (in the reply period) that cites this one.</summary>
    public sealed record Reply(Guid Id, string Label, Stance Stance, DateTimeOffset SubmittedAt, bool IsWithdrawn);

    public sealed record Answer(Disposition Disposition, SanitizedHtml Response, DateTimeOffset PublishedAt);

    public sealed record AttachmentLink(Guid Id, string FileName, string ContentType, long Size);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, MarkdownRenderer markdown)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.ConsultationSlug, cancellationToken);
            var submission = consultation is null ? null : await db.Submissions.AsNoTracking().AsSplitQuery().Include(s => s.OnBehalfOfBody)
                .Include(s => s.Versions).ThenInclude(v => v.CitedSections)
                .Include(s => s.Versions).ThenInclude(v => v.Attachments)
                .SingleOrDefaultAsync(s => s.Id == query.SubmissionId && s.ConsultationId == consultation.Id, cancellationToken);
            if (consultation is null || submission is null) throw new NotFoundException("There is no such submission.");

            var people = submission.Versions.Select(v => v.SubmittedBy).Append(submission.AuthorId).Distinct().ToList();
            var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var sections = await db.ProposalSections.AsNoTracking().Where(s => s.ProposalVersionId == consultation.ProposalVersionId)
                .ToDictionaryAsync(s => s.Id, s => $"{s.Number} {s.Heading}", cancellationToken);
            var repliesTo = submission.RepliesToId is { } replyId
                ? await db.Submissions.Where(s => s.Id == replyId)
                    .Select(s => s.OnBehalfOfBody != null ? s.OnBehalfOfBody.Acronym ?? s.OnBehalfOfBody.Name
                        : db.Users.Where(u => u.Id == s.AuthorId).Select(u => u.DisplayName).First())
                    .SingleOrDefaultAsync(cancellationToken)
                : null;
            var mayEdit = user.PersonId is { } personId && submission.MayBeEditedBy(personId, consultation, now,
                await SubmissionWriter.MandateForAsync(db, submission, personId, now, cancellationToken));

            var versionIds = submission.Versions.Select(v => v.Id).ToList();
            var receipts = await db.Ledger.Where(e => e.Kind == LedgerEntryKind.SubmissionVersion && versionIds.Contains(e.SubjectId))
                .ToDictionaryAsync(e => e.SubjectId, e => (e.Sequence, e.Hash), cancellationToken);
            var answer = (await PublicOutcome.PublishedAnswersAsync(db, [submission.Id], cancellationToken)).GetValueOrDefault(submission.Id);
            var ordered = submission.Versions.OrderBy(v => v.Number).ToList();
            VersionChanges? comparison = null;
            string? compareProblem = null;
            if (!string.IsNullOrWhiteSpace(query.Compare) && VersionChanges.ParseRange(query.Compare, ordered.Count, out compareProblem) is var (from, to))
                comparison = VersionChanges.Between(ordered[from - 1], ordered[to - 1], sections);

            return new Result(submission.Id, consultation.Slug, consultation.Title, names.GetValueOrDefault(submission.AuthorId) ?? "A participant",
                submission.OnBehalfOfBody?.ShortName, submission.OnBehalfOfBody?.Slug, submission.OnBehalfOfBody?.Kind, submission.RatificationEvidence, submission.RatifiedOn,
                submission.RepliesToId, repliesTo, submission.IsLate, submission.WithdrawnAt, submission.WithdrawalReason, mayEdit,
                ordered.Select((v, i) => new VersionView(v.Number, v.SubmittedAt, v.IsLate,
                    names.GetValueOrDefault(v.SubmittedBy) ?? "A participant", v.Stance, v.BlockingReason, markdown.Render(v.Text), v.ContentHash,
                    v.CitedSections.Select(c => sections.GetValueOrDefault(c.ProposalSectionId) ?? "").Order().ToList(),
                    v.Attachments.Select(a => new AttachmentLink(a.Id, a.FileName, a.ContentType, a.Size)).ToList(),
                    i == 0 ? null : VersionChanges.Between(ordered[i - 1], v, sections),
                    receipts.TryGetValue(v.Id, out var receipt) ? receipt.Sequence : null,
                    receipts.TryGetValue(v.Id, out receipt) ? receipt.Hash : null)).Reverse().ToList(),
                comparison, compareProblem, await RepliesAsync(db, submission.Id, cancellationToken),
                answer is null ? null : new Answer(answer.Disposition, markdown.Render(answer.Response), answer.PublishedAt));
        }

        /// <summary>The replies that cite this submission, as the consultation's page labels them: the body, or the author's name.</summary>
        private static async Task<IReadOnlyList<Reply>> RepliesAsync(ConsultationDbContext db, Guid submissionId, CancellationToken cancellationToken)
        {
            var replies = await db.Submissions.AsNoTracking().AsSplitQuery().Where(s => s.RepliesToId == submissionId)
                .Include(s => s.Versions).Include(s => s.OnBehalfOfBody).OrderBy(s => s.FirstSubmittedAt).ToListAsync(cancellationToken);
            var authorIds = replies.Select(r => r.AuthorId).Distinct().ToList();
            var authors = await db.Users.Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            return replies.Select(r => new Reply(r.Id, r.OnBehalfOfBody?.ShortName ?? authors.GetValueOrDefault(r.AuthorId) ?? "A participant",
                r.Current.Stance, r.FirstSubmittedAt, r.IsWithdrawn)).ToList();
        }
    }
}
