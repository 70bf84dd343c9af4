using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Consultation.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consultation.Web.Tests;

/// <summary>One seeded portal shared by the HTTP test classes: starting it (migrations, demo data) is the slow part.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFactory>
{
    public const string Name = "portal";
}

/// <summary>A response as a browser would see it; <see cref="Location"/> is absolute, <see cref="Address"/> what was asked for.</summary>
public sealed record Page(HttpStatusCode Status, IDocument Document, string Html, Uri? Location)
{
    public Uri? Address { get; init; }
}

public static class PortalHttp
{
    private static readonly HtmlParser Parser = new();

    /// <summary>A client with its own cookie jar that does not follow redirects, so that tests see them (over Kestrel it does).</summary>
    public static HttpClient CreateBrowserlikeClient(this WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = factory.ClientOptions.BaseAddress });

    public static Task<Page> GetPageAsync(this HttpClient client, string path) => ReadAsync(client.GetAsync(path));

    /// <summary>Submits the page's form the way a browser does: its hidden fields (handler name, antiforgery token) plus the given ones.</summary>
    public static Task<Page> SubmitFormAsync(this HttpClient client, Page page, string formSelector, IReadOnlyDictionary<string, string> fields)
    {
        var form = page.Document.QuerySelector(formSelector) ?? throw new InvalidOperationException($"No {formSelector} on the page.");
        var values = form.QuerySelectorAll("input[type=hidden][name]")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        foreach (var (name, value) in fields) values[name] = value;
        // A form without an action posts back to its page, as Blazor's EditForm does.
        return ReadAsync(client.PostAsync(form.GetAttribute("action") ?? page.Address?.PathAndQuery, new FormUrlEncodedContent(values)));
    }

    /// <summary>
    /// Signs in through the login form, as a person would; the client keeps the cookie. When the portal asks for the
    /// second factor, the code comes from <paramref name="authenticatorKey"/> (the demo chair's and administrator's
    /// published keys by default), and the answer is that of the code's form.
    /// </summary>
    public static async Task<Page> SignInAsync(this HttpClient client, string email, string password = PortalFactory.DemoPassword,
        string? authenticatorKey = null)
    {
        var login = await client.GetPageAsync("/Account/Login");
        var answer = await client.SubmitFormAsync(login, "form[action$='Account/Login']",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        // Over a real socket the client has already followed the redirect to the code's page.
        var codePage = answer.Location?.AbsolutePath == SecondFactorPath ? await client.GetPageAsync(answer.Location.PathAndQuery)
            : answer.Address?.AbsolutePath == SecondFactorPath ? answer
            : null;
        if (codePage is null) return answer;
        var key = authenticatorKey ?? Totp.DemoKeyOf(email)
                  ?? throw new InvalidOperationException($"{email} signs in with an authenticator, and the test gave no key.");
        return await client.SubmitSecondFactorAsync(codePage, Totp.Code(key));
    }

    private const string SecondFactorPath = "/Account/LoginWith2fa";

    /// <summary>Answers the portal's "Authenticator code" page.</summary>
    public static Task<Page> SubmitSecondFactorAsync(this HttpClient client, Page codePage, string code) =>
        client.SubmitFormAsync(codePage, "form[method=post]", new Dictionary<string, string> { ["Input.TwoFactorCode"] = code });

    private static async Task<Page> ReadAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var html = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location is { } to ? new Uri(response.RequestMessage!.RequestUri!, to) : null;
        return new Page(response.StatusCode, await Parser.ParseDocumentAsync(html), html, location) { Address = response.RequestMessage?.RequestUri };
    }

    public static string TextOf(this Page page, string selector) =>
        string.Join("\n", page.Document.QuerySelectorAll(selector).Select(e => e.TextContent));
}
