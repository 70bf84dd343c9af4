using Consultation.Application.Persistence;
using Consultation.Domain.Bodies;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>An item as the chair's pages read it: its state without its history, and what its submission says now.</summary>
internal sealed record ItemRow(Guid Id, Guid ConcurrencyToken, Guid SubmissionId, Guid StageId, string? AssigneeId, Disposition? Disposition,
    Guid? DuplicateOfItemId, string? Response, DateTimeOffset? ResponsePublishedAt, SubmissionFacts Submission)
{
    public bool IsAnswered => Disposition is not null && !string.IsNullOrWhiteSpace(Response);
    public bool IsBlockingObjectionUnanswered => Submission.BlockingReason is not null && !IsAnswered;
}

/// <summary>Who spoke (a body's official position or a person in their own name) and what the current version says.</summary>
internal sealed record SubmissionFacts(string Label, string AuthorName, string? BodyName, BodyKind? BodyKind, Stance Stance,
    string? BlockingReason, string Text, bool IsLate, bool IsReply);

internal static class ReviewReading
{
    /// <summary>
    /// When the review of a consultation first reached each of its stages (an item entered it or was passed up to it),
    /// earliest first, with the stage's name: public steps of the timeline that say nothing of any answer.
    /// </summary>
    public static async Task<IReadOnlyList<(DateTimeOffset At, string Stage)>> StagesReachedAsync(ConsultationDbContext db, Guid consultationId,
        CancellationToken cancellationToken)
    {
        var stages = await db.ReviewStages.AsNoTracking().Where(s => db.ReviewCycles.Any(c => c.Id == s.ReviewCycleId && c.ConsultationId == consultationId))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var stageIds = stages.Keys.ToList();
        var arrivals = await db.ReviewItems.SelectMany(i => i.Steps)
            .Where(s => stageIds.Contains(s.StageId) && (s.Action == ReviewAction.Entered || s.Action == ReviewAction.PassedUp))
            .Select(s => new { s.StageId, s.At }).ToListAsync(cancellationToken);
        // Grouped here: SQLite has no MIN over the instants as EF Core maps them.
        return arrivals.GroupBy(a => a.StageId).Select(g => (g.Min(a => a.At), stages[g.Key])).OrderBy(a => a.Item1).ToList();
    }

    /// <summary>The items of a cycle, read without tracking and without their steps.</summary>
    public static async Task<IReadOnlyList<ItemRow>> ItemsAsync(ConsultationDbContext db, Guid cycleId, CancellationToken cancellationToken)
    {
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.ReviewCycleId == cycleId)
            .Select(i => new { i.Id, i.ConcurrencyToken, i.SubmissionId, i.CurrentStageId, i.AssigneeId, i.Disposition, i.DuplicateOfItemId,
                i.Response, i.ResponsePublishedAt })
            .ToListAsync(cancellationToken);
        var facts = await FactsAsync(db, items.Select(i => i.SubmissionId).ToList(), cancellationToken);
        return items.Select(i => new ItemRow(i.Id, i.ConcurrencyToken, i.SubmissionId, i.CurrentStageId, i.AssigneeId, i.Disposition,
                i.DuplicateOfItemId, i.Response, i.ResponsePublishedAt, facts[i.SubmissionId]))
            .OrderBy(i => i.Submission.Label, StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static async Task<IReadOnlyDictionary<Guid, SubmissionFacts>> FactsAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> ids,
        CancellationToken cancellationToken)
    {
        var submissions = await db.Submissions.AsNoTracking().AsSplitQuery().Include(s => s.OnBehalfOfBody).Include(s => s.Versions)
            .Where(s => ids.Contains(s.Id)).ToListAsync(cancellationToken);
        var authors = await ReviewPeople.PeopleAsync(db, submissions.Select(s => s.AuthorId), cancellationToken);
        return submissions.ToDictionary(s => s.Id, s =>
        {
            var author = authors.TryGetValue(s.AuthorId, out var a) ? a.Name : "A participant";
            return new SubmissionFacts(s.OnBehalfOfBody?.ShortName ?? author, author, s.OnBehalfOfBody?.ShortName, s.OnBehalfOfBody?.Kind,
                s.Current.Stance, s.Current.BlockingReason, s.Current.Text, s.IsLate, s.IsReply);
        });
    }
}
