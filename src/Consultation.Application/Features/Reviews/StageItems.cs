using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// The items in one stage of a consultation's review, for its table: filtered by stance, kind of body and disposition,
/// each with its submission's text (sanitised), its answer and whether that is published, and the concurrency token
/// the chair's next command carries. For the chairs of the cycle and administrators.
/// </summary>
public static class StageItems
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Query(string Slug, int StageOrder, Stance? Stance = null, BodyKind? BodyKind = null,
        Disposition? Disposition = null, bool WithoutDisposition = false) : IQuery<Result>;

    public sealed record Result(string Slug, string Title, StageView Stage, IReadOnlyList<StageLink> Stages, int ItemsInStage,
        int WithoutDispositionInStage, bool IsCompleted, IReadOnlyList<Item> Items, IReadOnlyList<ItemLabel> OtherItems, IReadOnlyList<Chair> Chairs);

    public sealed record StageView(int Order, string Name, bool IsMine, string? AboveName, string? BelowName, bool IsConsensusStage, bool IsRecordStage);

    public sealed record StageLink(int Order, string Name, int Items);

    public sealed record Item(Guid Id, Guid ConcurrencyToken, Guid SubmissionId, string Label, string AuthorName, string? BodyName, BodyKind? BodyKind,
        Stance Stance, string? BlockingReason, bool IsLate, bool IsReply, SanitizedHtml Text, Disposition? Disposition, string? DuplicateOfLabel,
        string? Response, bool IsPublished, string? AssigneeName)
    {
        public ItemSeen Seen => new(Id, ConcurrencyToken);
    }

    public sealed record ItemLabel(Guid Id, string Label);

    public sealed record Chair(string Name, string Email);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ICurrentUser user, MarkdownRenderer markdown)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken);
            var cycle = consultation is null ? null
                : await ReviewChange.CycleQuery(db).AsNoTracking().SingleOrDefaultAsync(c => c.ConsultationId == consultation.Id, cancellationToken);
            var stage = cycle?.StageAt(query.StageOrder);
            if (consultation is null || cycle is null || stage is null) throw new NotFoundException("There is no such review stage.");
            ReviewChange.RequireChairOfReview(cycle, user, "see its items");
            var personId = user.RequirePersonId();

            var items = await ReviewReading.ItemsAsync(db, cycle.Id, cancellationToken);
            var inStage = items.Where(i => i.StageId == stage.Id).ToList();
            var labels = items.ToDictionary(i => i.Id, i => i.Submission.Label);
            var people = await ReviewPeople.PeopleAsync(db, inStage.Select(i => i.AssigneeId).OfType<string>()
                .Concat(stage.Chairs.Select(c => c.PersonId)), cancellationToken);
            var shown = inStage.Where(i => (query.Stance is null || i.Submission.Stance == query.Stance)
                                           && (query.BodyKind is null || i.Submission.BodyKind == query.BodyKind)
                                           && (query.Disposition is null || i.Disposition == query.Disposition)
                                           && (!query.WithoutDisposition || i.Disposition is null));

            return new Result(consultation.Slug, consultation.Title,
                new StageView(stage.Order, stage.Name, stage.IsChairedBy(personId), cycle.Above(stage)?.Name, cycle.Below(stage)?.Name,
                    stage.Id == cycle.ConsensusStage.Id, stage.Id == cycle.RecordStage.Id),
                cycle.Stages.Select(s => new StageLink(s.Order, s.Name, items.Count(i => i.StageId == s.Id))).ToList(),
                inStage.Count, inStage.Count(i => i.Disposition is null), cycle.IsCompleted,
                shown.Select(i => new Item(i.Id, i.ConcurrencyToken, i.SubmissionId, i.Submission.Label, i.Submission.AuthorName, i.Submission.BodyName,
                    i.Submission.BodyKind, i.Submission.Stance, i.Submission.BlockingReason, i.Submission.IsLate, i.Submission.IsReply,
                    markdown.Render(i.Submission.Text), i.Disposition, i.DuplicateOfItemId is { } d ? labels.GetValueOrDefault(d) : null, i.Response,
                    i.ResponsePublishedAt is not null, i.AssigneeId is { } a && people.TryGetValue(a, out var p) ? p.Name : null)).ToList(),
                items.Select(i => new ItemLabel(i.Id, i.Submission.Label)).ToList(),
                stage.Chairs.Select(c => people.TryGetValue(c.PersonId, out var p) ? new Chair(p.Name, p.Email) : new Chair(c.PersonId, ""))
                    .OrderBy(c => c.Name).ToList());
        }
    }
}
