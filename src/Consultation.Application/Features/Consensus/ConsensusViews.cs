using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>A designation as published, with how members answered it (their names and comments for chairs only).</summary>
public sealed record DesignationView(Guid Id, int Sequence, DesignationStatus Status, ConsensusLevel Level, string Rationale,
    DateTimeOffset PublishedAt, int Agreeing, int Disagreeing, IReadOnlyList<ResponseView> Responses);

public sealed record ResponseView(string MemberName, bool Agrees, string Comment, DateTimeOffset RespondedAt);

public sealed record ChallengeView(Guid Id, int DesignationSequence, string ChallengerName, string Reason, DateTimeOffset RaisedAt,
    ChallengeStatus Status, string? Answer, DateTimeOffset? AnsweredAt);

public sealed record MinorityViewView(Guid SubmissionId, string HeldBy, string Summary);

/// <summary>The consensus call as the pages show it; shared by the chair's, the member's and the public views.</summary>
internal static class ConsensusViews
{
    /// <summary>Display names of everyone who took part in the call.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> NamesAsync(ConsultationDbContext db, ConsensusCall call, CancellationToken cancellationToken)
    {
        var ids = call.Responses.Select(r => r.MemberId).Concat(call.Challenges.Select(c => c.ChallengerId)).Distinct().ToList();
        return await db.Users.Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
    }

    public static IReadOnlyList<DesignationView> Designations(ConsensusCall call, IReadOnlyDictionary<string, string> names, bool withResponses) =>
        call.Designations.OrderBy(d => d.Sequence).Select(d =>
        {
            var responses = call.Responses.Where(r => r.DesignationId == d.Id).OrderBy(r => r.RespondedAt).ToList();
            return new DesignationView(d.Id, d.Sequence, d.Status, d.Level, d.Rationale, d.PublishedAt,
                responses.Count(r => r.Agrees), responses.Count(r => !r.Agrees),
                withResponses ? responses.Select(r => new ResponseView(NameOf(names, r.MemberId), r.Agrees, r.Comment, r.RespondedAt)).ToList() : []);
        }).ToList();

    public static IReadOnlyList<ChallengeView> Challenges(ConsensusCall call, IReadOnlyDictionary<string, string> names) =>
        call.Challenges.OrderBy(c => c.RaisedAt).Select(c => new ChallengeView(c.Id,
            call.Designations.SingleOrDefault(d => d.Id == c.DesignationId)?.Sequence ?? 0, NameOf(names, c.ChallengerId), c.Reason,
            c.RaisedAt, c.Status, c.AnswerText, c.AnsweredAt)).ToList();

    /// <param name="holders">The label of each submission of the consultation (the body, or the author's name).</param>
    public static IReadOnlyList<MinorityViewView> MinorityViews(IEnumerable<(Guid SubmissionId, string Summary)> views,
        IReadOnlyDictionary<Guid, string> holders) =>
        views.Select(v => new MinorityViewView(v.SubmissionId, holders.GetValueOrDefault(v.SubmissionId) ?? "A submission", v.Summary)).ToList();

    private static string NameOf(IReadOnlyDictionary<string, string> names, string personId) => names.GetValueOrDefault(personId) ?? "A participant";
}
