using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

/// <summary>
/// Hostile addresses and form posts to the public pages and the API (the cases the page and API suites do not already
/// try: NUL and control characters, broken UTF-8, right-to-left overrides, SQL and HTML fragments, huge values, path
/// tricks): each is answered with a page or a 400/404 that says what is wrong, never a 500, and nothing comes back unencoded.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class HostileRequestTests(PortalFactory portal)
{
    private const string Ksk = "ksk-rollover-communication-plan";
    private static readonly string Huge = new('x', 8_000);

    public static TheoryData<string> HostileAddresses => new()
    {
        "/search?q=%00",
        "/search?q=a%00b%01%1B%7F",
        "/search?q=%ED%A0%80",
        "/search?q=%E2%80%AEgnp.exe",
        "/search?q=%27%20OR%201%3D1%20--",
        "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        $"/search?q={Huge}",
        "/search?q=root&page=99999999999",
        "/search?q=root&from=9999-12-31&to=0001-01-01",
        "/search?q=root&consultation=..%2F..%2Fetc%2Fpasswd&body=%00",
        "/consultations?year=-2147483649&page=2147483648&size=-1",
        "/consultations?status=%3Cscript%3E&body=%27%3B%20DROP%20TABLE%20Bodies%3B%20--",
        "/consultations/..%2F..%2Fappsettings.json",
        $"/consultations/{Ksk}%E2%80%AE",
        $"/consultations/{Ksk}/submissions/00000000-0000-0000-0000-000000000000",
        $"/consultations/{Ksk}/submissions/00000000-0000-0000-0000-000000000000/versions/2147483647.txt",
        "/organizations?kind=99",
        "/organizations?kind=%3Cscript%3E",
        "/organizations/%27%20OR%20%271%27%3D%271",
        "/attachments/00000000-0000-0000-0000-000000000000",
        "/consultations/%3Cscript%3E/submissions.csv",
        "/api/v1/search?q=%ED%A0%80",
        "/api/v1/search?q=root&limit=99999999999",
        $"/api/v1/search?q=root&cursor={Huge}",
        "/api/v1/consultations?year=%00&status=%E2%80%AE",
        "/api/v1/consultations/%3Cscript%3E",
        $"/api/v1/consultations/{Ksk}/submissions/%27%20OR%201%3D1",
        "/api/v1/organizations?kind=-1",
        $"/api/v1/ledger/receipts/{Huge}",
    };

    [Theory]
    [MemberData(nameof(HostileAddresses))]
    public async Task A_hostile_address_gets_an_answer_that_says_what_is_wrong_never_a_500(string address)
    {
        using var response = await portal.CreateBrowserlikeClient().GetAsync(address);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.NotFound,
            $"{address}: {(int)response.StatusCode}");
        Assert.False(string.IsNullOrWhiteSpace(body), $"{address}: an empty answer says nothing.");
        Assert.DoesNotContain("<script>alert", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\0")]
    [InlineData("\u202Eadmin@demo.example")]
    [InlineData("' OR '1'='1' --")]
    [InlineData("<script>alert(1)</script>@x.example")]
    public async Task Hostile_sign_in_and_registration_forms_are_answered_on_the_form(string hostile)
    {
        var client = portal.CreateBrowserlikeClient();
        var login = await client.SignInAsync(hostile, hostile);
        var register = await client.SubmitFormAsync(await client.GetPageAsync("/Account/Register"), "form[action$='Account/Register']",
            new Dictionary<string, string> { ["Input.Email"] = hostile, ["Input.Password"] = hostile + Huge, ["Input.ConfirmPassword"] = hostile });

        foreach (var page in new[] { login, register })
        {
            // A NUL is refused by the form binding itself (400); anything else comes back on the form with its message.
            Assert.True(page.Status is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{page.Status}");
            Assert.DoesNotContain("<script>alert", page.Html, StringComparison.OrdinalIgnoreCase);
            if (page.Status == HttpStatusCode.OK)
                Assert.NotEmpty(page.Document.QuerySelectorAll(".validation-message, .text-danger, [role=alert]"));
        }
    }
}
