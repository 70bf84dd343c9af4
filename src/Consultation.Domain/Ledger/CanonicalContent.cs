using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Consultation.Domain.Ledger;

/// <summary>
/// The one way content is turned into bytes before hashing, so that anyone can recompute a hash from
/// an export: each field as "name=value" on its own line, values with backslash, CR and LF escaped,
/// UTF-8, SHA-256, lower-case hex. Instants are UTC in ISO 8601 with seven fractional digits.
/// </summary>
public static class CanonicalContent
{
    public static string Serialize(params (string Name, string Value)[] fields)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in fields)
            builder.Append(name).Append('=').Append(Escape(value)).Append('\n');
        return builder.ToString();
    }

    public static string Hash(params (string Name, string Value)[] fields) => Sha256Hex(Serialize(fields));

    public static string Sha256Hex(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public static string Instant(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n");
}
