using Consultation.Application.Features.Consensus;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Notifications;
using Consultation.Application.Tests.Consensus;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Consensus;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Notifications;

/// <summary>
/// The commands that announce something write their notifications in their own transaction, to the right people, one
/// per event: publishing answers, opening the consensus call, each designation, and each version of the record.
/// </summary>
public sealed class NotificationWiringTests : ConsensusTestBase
{
    private async Task<IReadOnlyList<Notification>> NotificationsAsync(NotificationKind kind)
    {
        var consultation = await ConsultationAsync(Slug);
        await using var db = App.NewDbContext();
        return await db.Notifications.AsNoTracking().Where(n => n.Kind == kind && n.ConsultationId == consultation.Id).ToListAsync();
    }

    [Fact]
    public async Task Publishing_answers_tells_each_author_of_their_own_submission_and_an_unpublished_answer_tells_nobody()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(toStage: 1);
        Assert.Empty(await NotificationsAsync(NotificationKind.DispositionPublished));
        var member = await PersonIdAsync(People.Member);
        var ownName = await SubmissionIdAsync(Slug, s => s.OnBehalfOfBodyId == null && s.AuthorId == member);

        var published = await SendAsync(new PublishResponses.Command(Slug, 1, [], AllAnsweredInStage: true), People.Chair);

        var told = await NotificationsAsync(NotificationKind.DispositionPublished);
        Assert.Equal(published.Published, told.Select(n => n.SubmissionId).Distinct().Count());
        var mine = Assert.Single(told, n => n.PersonId == member);
        Assert.Equal((ownName, $"/consultations/{Slug}/submissions/{ownName}"), (mine.SubmissionId, mine.Link));
        var chair = await PersonIdAsync(People.Chair);
        Assert.DoesNotContain(told, n => n.PersonId == chair);
        // Each announcement names the publication it announces, so that announcing it again tells nobody twice.
        await using var db = App.NewDbContext();
        var steps = await db.ReviewItems.SelectMany(i => i.Steps).Where(s => s.Action == ReviewAction.ResponsePublished).Select(s => s.Id).ToListAsync();
        Assert.All(told, n => Assert.Contains(steps, step => n.EventKey.EndsWith(step.ToString("N"), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_call_each_designation_and_each_record_version_reach_every_participant_once()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage);

        await SendAsync(new OpenConsensusCall.Command(Slug), People.Chair);
        var participants = (await NotificationsAsync(NotificationKind.ConsensusCallOpened)).Select(n => n.PersonId).ToList();
        Assert.Contains(await PersonIdAsync(People.Member), participants);
        Assert.DoesNotContain(await PersonIdAsync(People.Admin), participants);
        Assert.Equal(participants.Distinct().Count(), participants.Count);

        await SendAsync(new PublishDesignation.Command(Slug, ConsensusLevel.FullConsensus, "Estimated."), People.Chair);
        await SendAsync(new PublishDesignation.Command(Slug, ConsensusLevel.Consensus, "Updated after the responses."), People.Chair);
        await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair);
        await MoveItemsAsync(RecordStage, publishResponses: true);
        await SendAsync(new PublishRecord.Command(Slug, "Adopted."), People.Chair);
        await SendAsync(new CorrectRecord.Command(Slug, "Adopted, as amended.", "A typing error."), People.Chair);

        // Three designations (estimated, updated, final) and two versions of the record: each is news to each participant.
        var updates = await NotificationsAsync(NotificationKind.ConsensusCallUpdated);
        var records = await NotificationsAsync(NotificationKind.RecordPublished);
        Assert.All(participants, person => Assert.Equal((3, 2), (updates.Count(n => n.PersonId == person), records.Count(n => n.PersonId == person))));
        Assert.Equal(participants.Count * 3, updates.Count);
        Assert.Equal(participants.Count * 2, records.Count);
        Assert.All(records, n => Assert.Equal($"/consultations/{Slug}/record", n.Link));
        // Each names the row it announces: a designation, a record version.
        var designations = (await CallAsync()).Designations.Select(d => d.Id.ToString("N")).ToList();
        Assert.Equal(designations.Order(), updates.Select(n => n.EventKey.Split('/')[^1]).Distinct().Order());
        Assert.Equal((await RecordsAsync()).Select(r => r.Id.ToString("N")).Order(), records.Select(n => n.EventKey.Split('/')[^1]).Distinct().Order());
    }

    [Fact]
    public async Task A_refused_command_announces_nothing()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage - 1);

        await AssertRuleAsync("items-reach-consensus-stage-first", () => SendAsync(new OpenConsensusCall.Command(Slug), People.Chair));

        Assert.Empty(await NotificationsAsync(NotificationKind.ConsensusCallOpened));
    }
}
