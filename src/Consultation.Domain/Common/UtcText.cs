using System.Globalization;

namespace Consultation.Domain.Common;

/// <summary>An instant as people read it everywhere in the portal: UTC, with the zone named, the same in every culture.</summary>
public static class UtcText
{
    public static string Of(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
