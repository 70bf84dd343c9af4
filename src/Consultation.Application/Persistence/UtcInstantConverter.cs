using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Consultation.Application.Persistence;

/// <summary>Stores a <see cref="DateTimeOffset"/> as "yyyy-MM-dd HH:mm:ss.fffffffZ": sortable text, always UTC.</summary>
public sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, string>(
    value => value.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture),
    text => new DateTimeOffset(DateTime.SpecifyKind(
        DateTime.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        DateTimeKind.Utc)))
{
    public const string Format = "yyyy-MM-dd HH:mm:ss.fffffff'Z'";
    public const int Width = 28;
}
