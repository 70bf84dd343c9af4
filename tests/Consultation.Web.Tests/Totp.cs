using System.Buffers.Binary;
using System.Security.Cryptography;
using Consultation.Application.DemoData;

namespace Consultation.Testing;

/// <summary>
/// An authenticator app, for tests that sign in as a chair or administrator: RFC 6238 time-based one-time passwords
/// (HMAC-SHA1 over the count of 30-second steps since the Unix epoch, six digits), written here rather than taken
/// from the portal so that a mistake in its verification cannot hide behind the same mistake in the test.
/// </summary>
public static class Totp
{
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>The code an authenticator app shows at <paramref name="at"/> (now when not given) for a Base32 key.</summary>
    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / (long)Step.TotalSeconds;
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        var hash = HMACSHA1.HashData(FromBase32(base32Key), message);
        // RFC 4226 dynamic truncation: four bytes from the offset the last nibble names, top bit cleared.
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset, 4)) & 0x7FFF_FFFF;
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The demo account's published authenticator key, or null for an account without one.</summary>
    public static string? DemoKeyOf(string email) =>
        DemoDataSeeder.Accounts.FirstOrDefault(a => a.Email == email)?.AuthenticatorKey;

    public static byte[] FromBase32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.Replace(" ", "").TrimEnd('=').ToUpperInvariant())
        {
            var value = alphabet.IndexOf(c);
            if (value < 0) throw new FormatException($"'{c}' is not a Base32 digit.");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits < 8) continue;
            bits -= 8;
            bytes.Add((byte)(buffer >> bits));
            buffer &= (1 << bits) - 1;
        }
        return [.. bytes];
    }
}
