using Bogus;

namespace Consultation.Benchmarks.Data;

/// <summary>
/// Texts that read like positions on Internet-governance proposals: sentences built from the community's own subjects
/// (so that the typical searches find a realistic share of the archive), mixed with Bogus's wide vocabulary (so that
/// the index has the long tail of rare words a real archive has). Seeded: the same seed gives the same archive.
/// </summary>
public sealed class PositionText
{
    private readonly Faker _faker;

    /// <summary>
    /// Bogus's sentences, made once: composing each of a million texts from Bogus directly took most of the generator's
    /// time. 20,000 of them still give the index a long tail of rare words.
    /// </summary>
    private readonly string[] _borrowed;

    public PositionText(Faker faker)
    {
        _faker = faker;
        _borrowed = [.. Enumerable.Range(0, 20_000).Select(_ => BorrowedSentence())];
    }

    /// <summary>Subjects the community writes about; the typical searches ask for some of them.</summary>
    public static readonly string[] Subjects =
    [
        "DNSSEC deployment", "the root zone", "registry operators", "incident response", "the key signing key rollover",
        "WHOIS accuracy", "the funding model", "registration data", "ccTLD managers", "the DNS-CERT proposal",
        "name collisions", "abuse mitigation", "the accountability framework", "root server operators", "IDN variants",
        "the transition plan", "security and stability", "law enforcement requests", "privacy and proxy services",
        "new gTLD applications", "the budget", "capacity building", "emergency back-end registry operators",
        "data escrow", "the universal acceptance of domain names", "botnet takedowns", "coordinated vulnerability disclosure",
    ];

    private static readonly string[] Openings =
    [
        "We support the direction of {0}, but",
        "Our members have serious concerns about {0}, because",
        "The proposal on {0} should be revised so that",
        "We oppose any mandate for {0} unless",
        "Experience in our region with {0} shows that",
        "Before consensus is called on {0}, the working group should explain why",
        "The section on {0} is unclear, and",
        "We welcome the attention given to {0}; however,",
    ];

    private static readonly string[] Reasons =
    [
        "the cost falls on smaller registries that were not consulted",
        "it duplicates work that existing CERTs already do well",
        "the bottom-up process requires the affected communities to agree first",
        "the scope of the new body is not limited to coordination",
        "there is no evidence that the gap it addresses exists",
        "accountability to the multi-stakeholder community is not described",
        "operational independence of ccTLDs must be respected",
        "the timeline leaves no room for the public comment period to work",
    ];

    public string Position()
    {
        var paragraphs = _faker.Random.Int(1, 4);
        return string.Join("\n\n", Enumerable.Range(0, paragraphs).Select(_ => Paragraph()));
    }

    public string Paragraph() => string.Join(" ", Enumerable.Range(0, _faker.Random.Int(2, 5)).Select(_ => Sentence()));

    public string Subject() => _faker.PickRandom(Subjects);

    private string Sentence() => _faker.Random.Int(0, 9) < 4
        ? $"{string.Format(System.Globalization.CultureInfo.InvariantCulture, _faker.PickRandom(Openings), Subject())} {_faker.PickRandom(Reasons)}."
        : _borrowed[_faker.Random.Int(0, _borrowed.Length - 1)];

    private string BorrowedSentence() => _faker.Random.Int(0, 5) switch
    {
        < 2 => $"{Capital(_faker.Hacker.Phrase().TrimEnd('!', '.'))}, as {_faker.Company.CompanyName()} noted in {_faker.Random.Int(2008, 2025)}.",
        < 4 => $"{Capital(_faker.Company.Bs())} should not come at the expense of {Subject()}.",
        _ => _faker.Rant.Review(_faker.Commerce.ProductMaterial()),
    };

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
