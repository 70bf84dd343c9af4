using System.Collections.Frozen;
using Consultation.Application.Identity;
using Microsoft.AspNetCore.Identity;

namespace Consultation.Web.Identity;

/// <summary>
/// ASVS 5.0 (V6.2): a password is refused when it is one of the commonly used ones, and when it is longer than
/// <see cref="MaximumLength"/> (well above the 64 characters that must be allowed; hashing megabytes is a denial of service).
/// The list is the 30,000 most common passwords from leaked sets that zxcvbn-core ships as a resource, compared without
/// regard to case, so "Qwerty123456" is as weak as "qwerty123456". Then a password made mostly of
/// <see cref="ContextWords"/> and the person's own name or address is refused too.
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<Person>
{
    public const int MaximumLength = 128;
    public const string CommonCode = "PasswordTooCommon";
    public const string TooLongCode = "PasswordTooLong";
    public const string ContextCode = "PasswordOfContextWords";

    /// <summary>
    /// ASVS V6.1.2/V6.2.11: the words an attacker guesses first for this portal (its name, its community's bodies and
    /// terms, its roles). A password that is little more than these, or the person's own name or address, is refused.
    /// </summary>
    public static readonly IReadOnlyList<string> ContextWords =
    [
        "consultation", "consensus", "comment", "submission", "position", "portal", "ledger", "record",
        "icann", "ccnso", "gnso", "aso", "alac", "gac", "ssac", "rssac", "iana", "ietf", "isoc", "centr", "jprs",
        "dnscert", "dns", "cert", "root", "domain", "registry", "registrar", "cctld", "gtld", "tld",
        "chair", "admin", "administrator", "member", "representative", "demo", "password", "passw0rd", "welcome", "letmein",
    ];

    /// <summary>What must be left, in letters and digits, once the context words are taken out.</summary>
    public const int MinimumOwnCharacters = 6;

    private const string ListResource = "zxcvbn-core.Dictionaries.passwords.lst";

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static int ListSize => Common.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<Person> manager, Person user, string? password)
    {
        if (password is null) return Task.FromResult(IdentityResult.Success);
        if (password.Length > MaximumLength)
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = TooLongCode, Description = $"Passwords can be at most {MaximumLength} characters long.",
            }));
        if (Common.Value.Contains(password))
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = CommonCode,
                Description = "This password is on the list of the most commonly used passwords; choose another. "
                    + "A few unrelated words make a long password that is easy to remember.",
            }));
        if (OwnCharacters(password, ContextWords.Concat(WordsOf(user))) < MinimumOwnCharacters)
            return Task.FromResult(IdentityResult.Failed(new IdentityError
            {
                Code = ContextCode,
                Description = "This password is mostly the name of this portal or its community, or your own name or address; "
                    + "add words of your own.",
            }));
        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>How many letters and digits are left once every context word (longest first) is taken out.</summary>
    private static int OwnCharacters(string password, IEnumerable<string> words)
    {
        var rest = password.ToLowerInvariant();
        foreach (var word in words.Select(w => w.ToLowerInvariant()).Distinct().OrderByDescending(w => w.Length))
            rest = rest.Replace(word, "", StringComparison.Ordinal);
        return rest.Count(char.IsLetterOrDigit);
    }

    /// <summary>The person's name and the parts of their address, from three characters on.</summary>
    private static IEnumerable<string> WordsOf(Person user) =>
        $"{user.DisplayName} {user.Email} {user.UserName}"
            .Split([' ', '@', '.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries)
            .Where(word => word.Length >= 3);

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(Zxcvbn.Zxcvbn).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The list of common passwords ({ListResource}) is missing from zxcvbn-core.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) passwords.Add(line);
        return passwords.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
