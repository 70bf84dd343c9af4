using System.Collections.Frozen;
using Consultation.Application.Identity;
using Microsoft.AspNetCore.Identity;

namespace Consultation.Web.Identity;

/// <summary>
/// ASVS 5.0 (V6.2): a password is refused when it is one of the commonly used ones, and when it is longer than
/// <see cref="MaximumLength"/> (well above the 64 characters that must be allowed; hashing megabytes is a denial of service).
/// The list is the 30,000 most common passwords from leaked sets that zxcvbn-core ships as a resource, compared without
/// regard to case, so "Qwerty123456" is as weak as "qwerty123456".
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<Person>
{
    public const int MaximumLength = 128;
    public const string CommonCode = "PasswordTooCommon";
    public const string TooLongCode = "PasswordTooLong";

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
        return Task.FromResult(IdentityResult.Success);
    }

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
