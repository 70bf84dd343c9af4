using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// How many submissions took each stance, per kind of body (official positions) and for individuals (own-name
/// comments). Rows with no submission are left out; every stance is a column.
/// </summary>
public sealed record StanceMatrix(IReadOnlyList<StanceMatrix.Row> Rows)
{
    public const string Individuals = "Individuals";

    public static IReadOnlyList<Stance> Stances { get; } = Enum.GetValues<Stance>();

    /// <param name="Counts">One count per stance, in the order of <see cref="Stances"/>.</param>
    public sealed record Row(string Label, IReadOnlyList<int> Counts)
    {
        public int Total => Counts.Sum();
    }

    public int Total => Rows.Sum(r => r.Total);

    public static StanceMatrix Of(IEnumerable<(BodyKind? Kind, Stance Stance)> positions)
    {
        var list = positions.ToList();
        Row RowOf(string label, Func<BodyKind?, bool> which) =>
            new(label, Stances.Select(stance => list.Count(p => which(p.Kind) && p.Stance == stance)).ToList());
        var rows = Enum.GetValues<BodyKind>().Select(kind => RowOf(kind.Display(), k => k == kind))
            .Append(RowOf(Individuals, k => k is null));
        return new StanceMatrix(rows.Where(r => r.Total > 0).ToList());
    }
}
