namespace Consultation.Application.Persistence;

/// <summary>
/// The archive's revision: one row whose <see cref="Number"/> grows, and whose <see cref="ChangedAt"/> is renewed, in the
/// same transaction as every save that changes anything the public can see (<see cref="ArchiveRevisionBump"/>). Public
/// responses use it as their validator: a reader's cached copy is still good while the number has not moved.
/// </summary>
public sealed class ArchiveRevision
{
    /// <summary>The one row's key; the migration that makes the table inserts it.</summary>
    public const int SingletonId = 1;

    public int Id { get; private set; }
    public long Number { get; private set; }
    public DateTimeOffset ChangedAt { get; private set; }
}
