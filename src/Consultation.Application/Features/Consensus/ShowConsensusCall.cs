using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using Consultation.Domain.Consensus;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The consensus call as a signed-in person works on it. Chairs of the consensus stage (and administrators) see
/// what opening and publishing still wait for and every member's response; members see the designations with the
/// count of responses, their own response, the challenges and minority views.
/// </summary>
public static class ShowConsensusCall
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query(string Slug) : IQuery<Result>;

    public sealed record Result(string Slug, string Title, bool MayChair, string? ConsensusStageName, ReviewProgress Progress,
        CallView? Call, IReadOnlyList<SubmissionOption> Submissions, IReadOnlyList<ShowRecord.VersionSummary> Records);

    public sealed record CallView(DateTimeOffset OpenedAt, IReadOnlyList<DesignationView> Designations, DesignationView? Current, bool IsFinal,
        bool HasOpenChallenges, IReadOnlyList<ChallengeView> Challenges, IReadOnlyList<MinorityViewView> MinorityViews,
        ResponseView? MyResponse, bool MayRespond, bool MayChallenge);

    /// <summary>A submission a chair may record as holding a minority view.</summary>
    public sealed record SubmissionOption(Guid Id, string Label);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ICurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken)
                               ?? throw new NotFoundException($"There is no consultation at /consultations/{query.Slug}.");
            var review = await ReviewProgressReader.ReadAsync(db, consultation.Id, cancellationToken);
            var mayChair = ConsensusWriter.MayChair(user, personId, review);
            var call = await ConsensusWriter.LoadCallAsync(db, consultation.Id, cancellationToken);
            var submissions = await db.Submissions.AsNoTracking().Where(s => s.ConsultationId == consultation.Id)
                .OrderBy(s => s.FirstSubmittedAt)
                .Select(s => new SubmissionOption(s.Id, s.OnBehalfOfBody != null ? s.OnBehalfOfBody.Acronym ?? s.OnBehalfOfBody.Name
                    : db.Users.Where(u => u.Id == s.AuthorId).Select(u => u.DisplayName).First()))
                .ToListAsync(cancellationToken);
            var records = await db.ConsensusRecords.AsNoTracking().Where(r => r.ConsultationId == consultation.Id).OrderBy(r => r.Version)
                .Select(r => new ShowRecord.VersionSummary(r.Version, r.PublishedAt, r.CorrectionReason)).ToListAsync(cancellationToken);

            return new Result(consultation.Slug, consultation.Title, mayChair, review.ConsensusStage?.Name, review.Progress,
                call is null ? null : await ViewAsync(db, call, personId, mayChair, submissions, cancellationToken), submissions, records);
        }

        private static async Task<CallView> ViewAsync(ConsultationDbContext db, ConsensusCall call, string personId, bool mayChair,
            IReadOnlyList<SubmissionOption> submissions, CancellationToken cancellationToken)
        {
            var names = await ConsensusViews.NamesAsync(db, call, cancellationToken);
            var designations = ConsensusViews.Designations(call, names, withResponses: mayChair);
            var current = call.Current;
            var mine = current is null ? null : call.Responses.SingleOrDefault(r => r.DesignationId == current.Id && r.MemberId == personId);
            var open = current is not null && !call.IsFinal;
            return new CallView(call.OpenedAt, designations, designations.LastOrDefault(), call.IsFinal, call.HasOpenChallenges,
                ConsensusViews.Challenges(call, names),
                ConsensusViews.MinorityViews(call.MinorityViews.OrderBy(v => v.RecordedAt).Select(v => (v.SubmissionId, v.Summary)),
                    submissions.ToDictionary(s => s.Id, s => s.Label)),
                mine is null ? null : new ResponseView(names.GetValueOrDefault(personId) ?? "You", mine.Agrees, mine.Comment, mine.RespondedAt),
                MayRespond: open && mine is null,
                MayChallenge: open && call.Challenges.All(c => c.DesignationId != current!.Id || c.ChallengerId != personId));
        }
    }
}
