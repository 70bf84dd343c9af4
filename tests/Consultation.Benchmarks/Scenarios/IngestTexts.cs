using Bogus;
using Consultation.Domain.Submissions;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// Submission texts as members write them: a few paragraphs with some Markdown (emphasis, a list, a link), which the
/// portal stores as written and sanitises only on display. A fixed seed, so that every run sends the same texts.
/// </summary>
public static class IngestTexts
{
    private const int PoolSize = 256;
    private static readonly Lazy<IReadOnlyList<(Stance Stance, string Text)>> Pool = new(Generate);

    /// <summary>The <paramref name="index"/>th text (the pool repeats).</summary>
    public static (Stance Stance, string Text) Get(int index) => Pool.Value[index % PoolSize];

    private static IReadOnlyList<(Stance, string)> Generate()
    {
        var faker = new Faker { Random = new Randomizer(20261124) };
        var stances = Enum.GetValues<Stance>();
        return Enumerable.Range(0, PoolSize).Select(_ => (faker.PickRandom(stances), Text(faker))).ToList();
    }

    private static string Text(Faker faker) =>
        $"**{faker.Lorem.Sentence(4).TrimEnd('.')}.** {faker.Lorem.Paragraph(4)}\n\n" +
        string.Join("\n", faker.Make(faker.Random.Int(2, 4), () => $"- {faker.Lorem.Sentence(8)}")) + "\n\n" +
        $"{faker.Lorem.Paragraphs(faker.Random.Int(1, 3), "\n\n")} See [{faker.Lorem.Word()}]({faker.Internet.Url()}) for *details*.";
}
