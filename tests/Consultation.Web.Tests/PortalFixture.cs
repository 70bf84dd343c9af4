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

/// <summary>A response as a browser would see it; <see cref="Location"/> is absolute.</summary>
public sealed record Page(HttpStatusCode Status, IDocument Document, string Html, Uri? Location);

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
        return ReadAsync(client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(values)));
    }

    /// <summary>Signs in through the login form, as a person would; the client keeps the cookie.</summary>
    public static async Task<Page> SignInAsync(this HttpClient client, string email, string password = PortalFactory.DemoPassword)
    {
        var login = await client.GetPageAsync("/Account/Login");
        return await client.SubmitFormAsync(login, "form[action$='Account/Login']",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
    }

    private static async Task<Page> ReadAsync(Task<HttpResponseMessage> sending)
    {
        using var response = await sending;
        var html = await response.Content.ReadAsStringAsync();
        var location = response.Headers.Location is { } to ? new Uri(response.RequestMessage!.RequestUri!, to) : null;
        return new Page(response.StatusCode, await Parser.ParseDocumentAsync(html), html, location);
    }

    public static string TextOf(this Page page, string selector) =>
        string.Join("\n", page.Document.QuerySelectorAll(selector).Select(e => e.TextContent));
}
