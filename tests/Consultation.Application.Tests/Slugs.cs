namespace Consultation.Application.Tests;

/// <summary>The demo data's consultations, by the status each is in at <see cref="AppHarness.SeededAt"/>.</summary>
internal static class Slugs
{
    public const string Decided = "dns-cert-business-case-2010";
    public const string OpenForComment = "ksk-rollover-communication-plan";
    public const string ReplyPeriod = "registration-data-accuracy-principles";
}
