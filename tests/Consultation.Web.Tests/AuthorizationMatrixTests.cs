using System.Net;
using System.Text;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Domain.Reviews;
using Consultation.Testing;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Consultation.Web.Tests.AuthorizationMatrixTests.Gets;

namespace Consultation.Web.Tests;

/// <summary>
/// Every route the portal maps (read from its endpoint data source, so a new page or endpoint cannot be forgotten)
/// against every kind of person: what each gets is written in <see cref="Matrix"/>. A route without a row, or a row
/// without a route, fails the test; so does any cell the portal does not honour. Interactive pages are checked by
/// their prerendered GET; every route that takes a POST must refuse one without an antiforgery token, and one from a
/// person the GET would refuse.
/// </summary>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Portal portal) : IClassFixture<AuthorizationMatrixTests.Portal>
{
    /// <summary>Its own portal: the test adds a chair and a review cycle that other suites do not expect.</summary>
    public sealed class Portal : PortalFactory
    {
        internal SemaphoreSlim Preparing { get; } = new(1, 1);
        internal Dictionary<string, string>? RouteValues { get; set; }
    }

    public enum Gets
    {
        /// <summary>200 and the page or data, without a refusal on it.</summary>
        Allowed,
        /// <summary>Sent to /Account/Login.</summary>
        SignIn,
        /// <summary>Sent to /Account/AccessDenied: signed in without the role the page needs.</summary>
        Denied,
        /// <summary>200, but the page shows only a refusal (a rule about this particular thing, e.g. chairing this stage).</summary>
        Refused,
        /// <summary>404: the thing is not there for this person.</summary>
        NotFound,
        /// <summary>400: the request itself is not acceptable (a framework endpoint asked the wrong way).</summary>
        BadRequest,
        /// <summary>Sent to another page (an account page asked without the link's parameters sends the person home).</summary>
        Elsewhere,
        /// <summary>Anything else (a 500, say): never expected.</summary>
        Failed,
    }

    public enum Who { Anonymous, Member, OtherRepresentative, Representative, OtherChair, Chair, Administrator }

    private const string Ksk = "ksk-rollover-communication-plan";
    private const string DnsCert = "dns-cert-business-case-2010";
    private const string OtherCycle = "registration-data-accuracy-principles";
    private const string OtherChairEmail = "chair.other@matrix.example";
    private const string OtherChairAuthenticatorKey = "OTHERCHAIROTHERCHAIROTHERCHAIROT";

    private static readonly Dictionary<Who, string> Accounts = new()
    {
        [Who.Member] = "member@demo.example",
        // JPRS's position on the open consultation is the thing a representative acts on; ccNSO is another body.
        [Who.OtherRepresentative] = "rep.ccnso@demo.example",
        [Who.Representative] = "rep.jprs@demo.example",
        // Created by the test: holds the Chair role and chairs the review of another consultation only.
        [Who.OtherChair] = OtherChairEmail,
        [Who.Chair] = "chair@demo.example",
        [Who.Administrator] = "admin@demo.example",
    };

    /// <summary>One route and method, the address the test asks for (tokens in braces come from the demo data), and what each person gets.</summary>
    public sealed record Row(string Method, string Pattern, string Path, Gets Anonymous, Gets Member, Gets OtherRepresentative,
        Gets Representative, Gets OtherChair, Gets Chair, Gets Administrator)
    {
        public Gets For(Who who) => who switch
        {
            Who.Anonymous => Anonymous,
            Who.Member => Member,
            Who.OtherRepresentative => OtherRepresentative,
            Who.Representative => Representative,
            Who.OtherChair => OtherChair,
            Who.Chair => Chair,
            _ => Administrator,
        };
    }

    private static Row Everyone(string pattern, string? path = null, string method = "GET") =>
        new(method, pattern, path ?? pattern, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed);

    private static Row Same(string pattern, Gets everyone, string? path = null) =>
        new("GET", pattern, path ?? pattern, everyone, everyone, everyone, everyone, everyone, everyone, everyone);

    private static Row SignedIn(string pattern, string? path = null, Gets signedIn = Allowed) =>
        new("GET", pattern, path ?? pattern, SignIn, signedIn, signedIn, signedIn, signedIn, signedIn, signedIn);

    /// <summary>A page about a second factor the person has: chairs and administrators have one, the others are sent elsewhere.</summary>
    private static Row WithSecondFactorOn(string pattern) =>
        new("GET", pattern, pattern, SignIn, Elsewhere, Elsewhere, Elsewhere, Allowed, Allowed, Allowed);

    private static Row ChairsAndAdministrators(string pattern, string path, Gets otherChair = Allowed) =>
        new("GET", pattern, path, SignIn, Denied, Denied, Denied, otherChair, Allowed, Allowed);

    private static Row AdministratorsOnly(string pattern, string path) =>
        new("GET", pattern, path, SignIn, Denied, Denied, Denied, Denied, Denied, Allowed);

    /// <summary>
    /// The authorization matrix. Columns: anonymous, member, representative of another body, representative (JPRS),
    /// chair of another cycle, chair, administrator. Route values: {jprs} is JPRS's position on the open consultation,
    /// {hash} its content hash, {attachment} an attachment of a submission on it.
    /// </summary>
    public static readonly IReadOnlyList<Row> Matrix =
    [
        // The public archive: static pages for anyone.
        Everyone("/"),
        Everyone("/consultations"),
        Everyone("/consultations/{Slug}", $"/consultations/{Ksk}"),
        Everyone("/consultations/{Slug}/record", $"/consultations/{DnsCert}/record"),
        Everyone("/consultations/{Slug}/report", $"/consultations/{DnsCert}/report"),
        Everyone("/consultations/{Slug}/submissions/{SubmissionId:guid}", $"/consultations/{Ksk}/submissions/{{jprs}}"),
        Everyone("/organizations"),
        Everyone("/organizations/{Slug}", "/organizations/jprs"),
        Everyone("/search", "/search?q=root"),
        Everyone("/ledger"),
        Everyone("/api"),
        Everyone("/Error"),
        // The page a 404 shows (re-executed); asked for directly it is just a page.
        Everyone("/not-found"),

        // Open data, attachments, health and the API: anonymous reads, the same for everyone.
        Everyone("/consultations/{slug}/submissions.csv", $"/consultations/{Ksk}/submissions.csv"),
        Everyone("/consultations/{slug}/submissions.json", $"/consultations/{Ksk}/submissions.json"),
        Everyone("/archive.jsonl"),
        Everyone("/consultations/{slug}/submissions/{id:guid}/versions/{number:int}.txt", $"/consultations/{Ksk}/submissions/{{jprs}}/versions/1.txt"),
        Everyone("/feeds/consultations.atom"),
        Everyone("/feeds/consultations/{slug}.atom", $"/feeds/consultations/{Ksk}.atom"),
        Everyone("/attachments/{id:guid}", "/attachments/{attachment}"),
        Everyone("/healthz"),
        // RFC 9116: no contact is configured in the tests, so there is none, for anyone.
        Same("/.well-known/security.txt", NotFound),
        Everyone("/healthz/ready"),
        Everyone("/openapi/{documentName}.json", "/openapi/v1.json"),
        Everyone("/api/v1/consultations/", "/api/v1/consultations"),
        Everyone("/api/v1/consultations/{slug}", $"/api/v1/consultations/{Ksk}"),
        Everyone("/api/v1/consultations/{slug}/submissions", $"/api/v1/consultations/{Ksk}/submissions"),
        Everyone("/api/v1/consultations/{slug}/submissions/{id}", $"/api/v1/consultations/{Ksk}/submissions/{{jprs}}"),
        Everyone("/api/v1/consultations/{slug}/record", $"/api/v1/consultations/{DnsCert}/record"),
        Everyone("/api/v1/search", "/api/v1/search?q=root"),
        Everyone("/api/v1/records"),
        Everyone("/api/v1/organizations"),
        Everyone("/api/v1/organizations/{slug}", "/api/v1/organizations/jprs"),
        Everyone("/api/v1/ledger/", "/api/v1/ledger"),
        Everyone("/api/v1/ledger/entries"),
        Everyone("/api/v1/ledger/verify"),
        Everyone("/api/v1/ledger/receipts/{hash}", "/api/v1/ledger/receipts/{hash}"),

        // A signed-in person's own pages.
        SignedIn("/dashboard"),
        SignedIn("/my/memberships"),
        SignedIn("/my/notifications"),
        SignedIn("/my/submissions"),
        SignedIn("/consultations/{Slug}/submit", $"/consultations/{Ksk}/submit"),
        // Only JPRS's representatives may revise or read the receipt of JPRS's position; the administrator is no exception.
        new("GET", "/consultations/{Slug}/submissions/{SubmissionId:guid}/revise", $"/consultations/{Ksk}/submissions/{{jprs}}/revise",
            SignIn, Refused, Refused, Allowed, Refused, Refused, Refused),
        new("GET", "/consultations/{Slug}/submissions/{SubmissionId:guid}/receipt", $"/consultations/{Ksk}/submissions/{{jprs}}/receipt",
            SignIn, Refused, Refused, Allowed, Refused, Refused, Refused),
        // Members respond to the consensus call; chairs run it on their own page.
        new("GET", "/consultations/{Slug}/consensus", $"/consultations/{DnsCert}/consensus",
            SignIn, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),

        // Chairs' pages: the role admits a chair of another cycle, the review's own rules then refuse what is not theirs.
        ChairsAndAdministrators("/chair", "/chair"),
        ChairsAndAdministrators("/chair/consultations/{Slug}/review", $"/chair/consultations/{Ksk}/review"),
        // Any chair may read another review's ladder; changing it is refused by the command (see the Application suite).
        ChairsAndAdministrators("/chair/consultations/{Slug}/review", $"/chair/consultations/{DnsCert}/review"),
        ChairsAndAdministrators("/chair/consultations/{Slug}/period", $"/chair/consultations/{Ksk}/period"),
        ChairsAndAdministrators("/chair/consultations/{Slug}/period", $"/chair/consultations/{DnsCert}/period"),
        // The other chair's own review: there the demo chair is the chair of another cycle.
        new("GET", "/chair/consultations/{Slug}/stages/{Order:int}", $"/chair/consultations/{OtherCycle}/stages/1",
            SignIn, Denied, Denied, Denied, Allowed, Refused, Allowed),
        ChairsAndAdministrators("/chair/consultations/{Slug}/stages/{Order:int}", $"/chair/consultations/{DnsCert}/stages/1", otherChair: Refused),
        ChairsAndAdministrators("/chair/consultations/{Slug}/consensus", $"/chair/consultations/{DnsCert}/consensus", otherChair: Refused),

        // Administrators' pages.
        AdministratorsOnly("/admin/bodies", "/admin/bodies"),
        AdministratorsOnly("/admin/bodies/{Slug}", "/admin/bodies/jprs"),
        AdministratorsOnly("/admin/security", "/admin/security"),

        // Identity's pages: signing in and recovering an account are for anyone; managing one needs to be signed in.
        Everyone("/Account/AccessDenied"),
        // Reached without the link's parameters, these send the person on (home, or to sign in) rather than fail.
        Same("/Account/ConfirmEmail", Elsewhere),
        Same("/Account/ConfirmEmailChange", SignIn),
        Same("/Account/ExternalLogin", SignIn),
        Everyone("/Account/ForgotPassword"),
        Everyone("/Account/ForgotPasswordConfirmation"),
        Everyone("/Account/InvalidPasswordReset"),
        Everyone("/Account/InvalidUser"),
        Everyone("/Account/Lockout"),
        Everyone("/Account/Login"),
        // Without a pending two-factor sign-in these start at the sign-in form (they failed with a 500 before).
        Same("/Account/LoginWith2fa", SignIn),
        Same("/Account/LoginWithRecoveryCode", SignIn),
        Everyone("/Account/Register"),
        Same("/Account/RegisterConfirmation", Elsewhere),
        Everyone("/Account/ResendEmailConfirmation"),
        Same("/Account/ResetPassword", Elsewhere),
        Everyone("/Account/ResetPasswordConfirmation"),
        SignedIn("/Account/Manage"),
        SignedIn("/Account/Manage/ChangePassword"),
        SignedIn("/Account/Manage/DeletePersonalData"),
        // Without two-factor authentication on, these send the person to the two-factor page (they failed with a 500 before);
        // chairs and administrators have it on.
        WithSecondFactorOn("/Account/Manage/Disable2fa"),
        SignedIn("/Account/Manage/Email"),
        SignedIn("/Account/Manage/EnableAuthenticator"),
        SignedIn("/Account/Manage/ExternalLogins"),
        WithSecondFactorOn("/Account/Manage/GenerateRecoveryCodes"),
        // Where a chair or administrator signed in with a password alone is sent; it explains, and anyone signed in may read it.
        SignedIn("/Account/Manage/SecondFactorRequired"),
        SignedIn("/Account/Manage/Passkeys"),
        SignedIn("/Account/Manage/PersonalData"),
        // A passkey the person does not have: back to their passkeys.
        SignedIn("/Account/Manage/RenamePasskey/{Id}", "/Account/Manage/RenamePasskey/AAAA", Elsewhere),
        SignedIn("/Account/Manage/ResetAuthenticator"),
        // Every demo account has a password: setting one sends them to change it.
        SignedIn("/Account/Manage/SetPassword", signedIn: Elsewhere),
        SignedIn("/Account/Manage/TwoFactorAuthentication"),

        // Identity's POST-only endpoints: checked by the antiforgery and identity checks below.
        Everyone("/Account/PerformExternalLogin", method: "POST"),
        Everyone("/Account/Logout", method: "POST"),
        new("POST", "/Account/Manage/SecondFactorRequired", "/Account/Manage/SecondFactorRequired", SignIn, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),
        Everyone("/Account/PasskeyCreationOptions", method: "POST"),
        Everyone("/Account/PasskeyRequestOptions", method: "POST"),
        new("POST", "/Account/Manage/LinkExternalLogin", "/Account/Manage/LinkExternalLogin", SignIn, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),
        new("POST", "/Account/Manage/DownloadPersonalData", "/Account/Manage/DownloadPersonalData", SignIn, Allowed, Allowed, Allowed, Allowed, Allowed, Allowed),

        // The framework's own endpoints: Blazor's circuit hub and the fallback for files. Open to anyone, as a browser needs them.
        Same("/_framework/opaque-redirect", BadRequest),
        Everyone("/_blazor/negotiate", method: "POST"),
        Everyone("/_blazor", method: "POST"),
        Everyone("/_blazor/disconnect/", method: "POST"),
        Everyone("/_blazor/initializers/"),
        Same("{**path:file}", NotFound, "/no-such-file.txt"),
    ];

    [Fact]
    public async Task Every_mapped_route_has_a_row_and_every_row_a_route()
    {
        var mapped = MappedRoutes();

        var missing = mapped.Where(route => !Matrix.Any(row => row.Pattern == route.Pattern && route.Methods.Contains(row.Method)))
            .Select(route => $"{string.Join(",", route.Methods)} {route.Pattern}").ToList();
        var stale = Matrix.Where(row => !mapped.Any(route => route.Pattern == row.Pattern && route.Methods.Contains(row.Method)))
            .Select(row => $"{row.Method} {row.Pattern}").ToList();

        Assert.True(missing.Count == 0, "Routes the authorization matrix does not say anything about: " + string.Join("; ", missing));
        Assert.True(stale.Count == 0, "Matrix rows that match no mapped route any more: " + string.Join("; ", stale));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Every_person_gets_what_the_matrix_says_on_every_route()
    {
        var values = await RouteValuesAsync();
        var wrong = new List<string>();
        foreach (var who in Enum.GetValues<Who>())
        {
            var client = await ClientForAsync(who);
            foreach (var row in Matrix.Where(r => r.Method == "GET"))
            {
                var path = Fill(row.Path, values);
                var got = await OutcomeAsync(await client.GetAsync(path));
                if (got != row.For(who)) wrong.Add($"{who} GET {path}: expected {row.For(who)}, got {got}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task Every_post_is_refused_without_an_antiforgery_token_and_from_a_person_the_route_refuses()
    {
        var values = await RouteValuesAsync();
        var wrong = new List<string>();
        // Blazor's circuit hub takes no form: it is reached with the SameSite sign-in cookie only from the portal's own pages.
        var posts = MappedRoutes().Where(r => r.Methods.Contains("POST") && !r.Pattern.StartsWith("/_blazor", StringComparison.Ordinal))
            .DistinctBy(r => r.Pattern).ToList();
        Assert.True(posts.Count > 60, $"Only {posts.Count} routes take a POST.");
        foreach (var route in posts)
        {
            var row = Matrix.First(r => r.Pattern == route.Pattern);
            var path = Fill(row.Path, values);
            foreach (var who in Enum.GetValues<Who>())
            {
                var client = await ClientForAsync(who);
                // The route's own authorization runs first and refuses as on a GET; past it, no token is a 400.
                var refusedByRoute = route.Authorized && row.For(who) is SignIn or Denied;
                var expected = refusedByRoute ? row.For(who) : BadRequest;
                var got = await OutcomeAsync(await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.Value"] = "x" })));
                if (got != expected) wrong.Add($"{who} POST {path} without a token: expected {expected}, got {got}");

                // With this person's valid token: a person the route refuses is refused the same way as on a GET.
                if (!refusedByRoute) continue;
                var token = await AntiforgeryTokenAsync(client, who);
                got = await OutcomeAsync(await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })));
                if (got != row.For(who)) wrong.Add($"{who} POST {path} with a token: expected {row.For(who)}, got {got}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task The_static_files_are_served_to_anyone()
    {
        var client = await ClientForAsync(Who.Anonymous);
        portal.CreateClient().Dispose();
        var files = portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null && e.Metadata.GetMetadata<ContentEncodingMetadata>() is null)
            .Select(e => "/" + e.RoutePattern.RawText).Distinct().ToList();

        Assert.NotEmpty(files);
        foreach (var file in files)
            Assert.True(await OutcomeAsync(await client.GetAsync(file)) == Allowed, file);
    }

    private readonly Dictionary<Who, string> _tokens = [];

    /// <summary>The antiforgery token a form on the portal gives this person (it is bound to who they are).</summary>
    private async Task<string> AntiforgeryTokenAsync(HttpClient client, Who who)
    {
        if (_tokens.TryGetValue(who, out var token)) return token;
        var page = await client.GetPageAsync(who == Who.Anonymous ? "/Account/Login" : "/Account/Manage");
        return _tokens[who] = page.Document.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException($"No antiforgery token for {who}.");
    }

    /// <param name="Authorized">The route itself demands a signed-in person (or a role), before any page code runs.</param>
    private sealed record MappedRoute(string Pattern, IReadOnlyList<string> Methods, bool Authorized);

    /// <summary>Every route endpoint but the fingerprinted static files (checked on their own below); no methods means any, GET included.</summary>
    private List<MappedRoute> MappedRoutes()
    {
        portal.CreateClient().Dispose();
        return portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
            .Select(e => new MappedRoute(e.RoutePattern.RawText ?? "",
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList() is { Count: > 0 } methods ? methods : ["GET", "POST"],
                e.Metadata.GetMetadata<IAuthorizeData>() is not null && e.Metadata.GetMetadata<IAllowAnonymous>() is null))
            .ToList();
    }

    private static string Fill(string path, IReadOnlyDictionary<string, string> values) =>
        values.Aggregate(path, (filled, value) => filled.Replace("{" + value.Key + "}", value.Value, StringComparison.Ordinal));

    private static async Task<Gets> OutcomeAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var location = response.Headers.Location?.ToString() ?? "";
            switch (response.StatusCode)
            {
                case HttpStatusCode.Redirect or HttpStatusCode.Found when location.Contains("/Account/Login", StringComparison.Ordinal):
                    return SignIn;
                case HttpStatusCode.Redirect when location.Contains("/Account/AccessDenied", StringComparison.Ordinal):
                    return Denied;
                case HttpStatusCode.NotFound:
                    return NotFound;
                case HttpStatusCode.BadRequest:
                    return BadRequest;
                case HttpStatusCode.OK:
                    var body = await response.Content.ReadAsStringAsync();
                    // Identity's own pages show their messages the same way; only the portal's pages refuse so.
                    var portalPage = !response.RequestMessage!.RequestUri!.AbsolutePath.StartsWith("/Account/", StringComparison.Ordinal);
                    return portalPage && body.Contains("alert-danger\" role=\"alert\"", StringComparison.Ordinal) ? Refused : Allowed;
                case HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther:
                    return Elsewhere;
                default:
                    return Failed;
            }
        }
    }

    private readonly Dictionary<Who, HttpClient> _clients = [];

    private async Task<HttpClient> ClientForAsync(Who who)
    {
        if (_clients.TryGetValue(who, out var existing)) return existing;
        var client = portal.CreateBrowserlikeClient();
        if (who != Who.Anonymous)
        {
            var signedIn = await client.SignInAsync(Accounts[who], authenticatorKey: who == Who.OtherChair ? OtherChairAuthenticatorKey : null);
            Assert.True(signedIn.Status == HttpStatusCode.Redirect, $"{Accounts[who]} could not sign in: {signedIn.Status}");
        }
        return _clients[who] = client;
    }

    /// <summary>
    /// The route values from the demo data, and what the demo data lacks: a chair of another consultation's review
    /// (an account with the Chair role, who sets up that review through the real command) and an attachment.
    /// </summary>
    private async Task<Dictionary<string, string>> RouteValuesAsync()
    {
        await portal.Preparing.WaitAsync();
        try
        {
            if (portal.RouteValues is not null) return portal.RouteValues;
            await using (var scope = portal.Services.CreateAsyncScope())
            {
                var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
                var chair = new Person { UserName = OtherChairEmail, Email = OtherChairEmail, EmailConfirmed = true, DisplayName = "Other chair (test)" };
                Assert.True((await users.CreateAsync(chair, PortalFactory.DemoPassword)).Succeeded);
                Assert.True((await users.AddToRolesAsync(chair, [Roles.Member, Roles.Chair])).Succeeded);
                // A chair acts as one only after a second factor: an authenticator with a key the test knows.
                await ((IUserAuthenticatorKeyStore<Person>)scope.ServiceProvider.GetRequiredService<IUserStore<Person>>())
                    .SetAuthenticatorKeyAsync(chair, OtherChairAuthenticatorKey, CancellationToken.None);
                Assert.True((await users.SetTwoFactorEnabledAsync(chair, true)).Succeeded);
            }
            using (var otherChair = await portal.SignedInScopeAsync(OtherChairEmail))
                await otherChair.Services.GetRequiredService<IMediator>().Send(new SetUpReviewCycle.Command(OtherCycle,
                    SetUpReviewCycle.Template(OtherChairEmail), ItemEntry.AtClose));
            await portal.SubmitAsync("rep.cert@demo.example", "A comment with a note attached, for the authorization matrix.",
                ("note.txt", Encoding.UTF8.GetBytes("A plain text note.")));

            await using var db = await portal.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
            var ksk = await db.Consultations.Where(c => c.Slug == Ksk).Select(c => c.Id).SingleAsync();
            var jprs = await db.Bodies.Where(b => b.Slug == "jprs").Select(b => b.Id).SingleAsync();
            var position = await db.Submissions.Where(s => s.ConsultationId == ksk && s.OnBehalfOfBodyId == jprs).Select(s => s.Id).SingleAsync();
            return portal.RouteValues = new Dictionary<string, string>
            {
                ["jprs"] = position.ToString(),
                ["hash"] = await db.SubmissionVersions.Where(v => v.SubmissionId == position).OrderBy(v => v.Number).Select(v => v.ContentHash).FirstAsync(),
                ["attachment"] = (await db.Attachments.Select(a => a.Id).FirstAsync()).ToString(),
            };
        }
        finally
        {
            portal.Preparing.Release();
        }
    }
}
