namespace Consultation.Domain.Common;

/// <summary>
/// Something two people can change at once (a review item, a stage, a designation). The persistence
/// layer renews <see cref="ConcurrencyToken"/> on every save and refuses a save made from a stale copy.
/// </summary>
public interface IConcurrencyAware
{
    Guid ConcurrencyToken { get; set; }
}
