using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Notifications;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>Who may make a change to the consensus call.</summary>
public enum ConsensusActor
{
    /// <summary>A chair of the consultation's consensus stage, or an administrator.</summary>
    Chair,
    /// <summary>Any member (the request's <c>AllowedFor</c> says so).</summary>
    Member,
}

/// <summary>What one change to a consensus call works on: the loaded rows, who acts, and the moment.</summary>
public sealed class ConsensusChange(ConsultationDbContext db, PublicConsultation consultation, ConsensusCall? call, ReviewState review,
    string personId, DateTimeOffset now)
{
    private readonly List<(LedgerEntryKind Kind, Guid Subject, string ContentHash)> _entries = [];
    private readonly List<(NotificationKind Kind, Guid Occasion)> _notifications = [];

    public ConsultationDbContext Db { get; } = db;
    public PublicConsultation Consultation { get; } = consultation;
    /// <summary>The consultation's call, with its designations, responses, challenges and minority views.</summary>
    public ConsensusCall? Call { get; } = call;
    public ReviewState Review { get; } = review;
    public string PersonId { get; } = personId;
    public DateTimeOffset Now { get; } = now;

    public ConsensusCall RequireCall() => Call ?? throw new NotFoundException("The consensus call of this consultation has not opened yet.");

    /// <summary>
    /// The designation a response, challenge or finalization acts on must be the one the person's page showed: one
    /// published by someone else meanwhile would be answered, challenged or made final unread.
    /// </summary>
    public void RequireCurrentDesignation(Guid seen)
    {
        if (RequireCall().Current is { } current && current.Id != seen)
            throw new ConflictException($"The designation changed while your page was open: it is now {current.Status.ToString().ToLowerInvariant()} " +
                                        $"({current.Level.Display()}). Nothing was saved; read it first.");
    }

    /// <summary>Appended to the ledger after the change, in this order, before the save.</summary>
    public void Record(LedgerEntryKind kind, Guid subject, string contentHash) => _entries.Add((kind, subject, contentHash));

    /// <summary>
    /// Announces the change to those it concerns. <paramref name="occasion"/> is the row the change wrote (the call, the
    /// designation, the record version): each person hears of it once, however often it is announced.
    /// </summary>
    public void Notify(NotificationKind kind, Guid occasion) => _notifications.Add((kind, occasion));

    internal IReadOnlyList<(LedgerEntryKind Kind, Guid Subject, string ContentHash)> Entries => _entries;
    internal IReadOnlyList<(NotificationKind Kind, Guid Occasion)> Notifications => _notifications;
}

/// <summary>
/// What every change to a consensus call shares: one write transaction, the chair check, the domain's rule, the
/// ledger entries and notifications of the change, and one save; a stale call is refused as a conflict.
/// </summary>
public sealed class ConsensusWriter(IDbContextFactory<ConsultationDbContext> factory, LedgerWriter ledger, INotificationOutbox outbox,
    TimeProvider clock)
{
    public async Task<T> ChangeAsync<T>(string slug, ICurrentUser user, ConsensusActor actor, Func<ConsensusChange, Task<T>> change,
        CancellationToken cancellationToken)
    {
        var personId = user.RequirePersonId();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var consultation = await db.Consultations.Include(c => c.DeadlineChanges).SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken)
                           ?? throw new NotFoundException($"There is no consultation at /consultations/{slug}.");
        var review = await ReviewProgressReader.ReadAsync(db, consultation.Id, cancellationToken);
        if (actor == ConsensusActor.Chair && !MayChair(user, personId, review))
            throw new AccessDeniedException("Only a chair of the consensus stage, or an administrator, runs the consensus call.");
        var call = await LoadCallAsync(db, consultation.Id, cancellationToken);

        var context = new ConsensusChange(db, consultation, call, review, personId, now);
        var result = await change(context);
        if (context.Call is { } touched && db.Entry(touched).State != EntityState.Added) db.Touch(touched);
        foreach (var (kind, subject, contentHash) in context.Entries)
            await ledger.AppendAsync(db, kind, subject, contentHash, now, cancellationToken);
        foreach (var (kind, occasion) in context.Notifications)
            await outbox.AddAsync(db, new NotificationEvent(kind, consultation.Id, Occasion: occasion.ToString("N")), cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone changed the consensus call first; nothing was saved. Here is its current state.");
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Chairs of the consensus stage run the call; administrators may too.</summary>
    public static bool MayChair(ICurrentUser user, string personId, ReviewState review) =>
        user.IsInRole(Roles.Administrator) || review.ConsensusStage?.IsChairedBy(personId) == true;

    internal static Task<ConsensusCall?> LoadCallAsync(ConsultationDbContext db, Guid consultationId, CancellationToken cancellationToken) =>
        db.ConsensusCalls.AsSplitQuery().Include(c => c.Designations).Include(c => c.Responses).Include(c => c.Challenges)
            .Include(c => c.MinorityViews).SingleOrDefaultAsync(c => c.ConsultationId == consultationId, cancellationToken);
}
