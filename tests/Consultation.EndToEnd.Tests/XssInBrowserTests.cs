using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The payloads of xss-payloads.txt go in through the real forms (every field a writer or a chair fills in) and are
/// then viewed on every page that shows user text. Nothing may run (no dialog, no marker), nothing may be fetched from
/// a URL a payload names, and no element or attribute a payload tries to create may be in the page.
///
/// Every browser context here ignores the Content-Security-Policy (BypassCSP): the CSP would block inline script and
/// most requests on its own, and has its own test (ContentSecurityPolicyInBrowserTests); this test proves that the
/// encoding and the sanitizer (MarkdownRenderer) stop the payloads without its help.
/// </summary>
public sealed partial class XssInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Slug = "ksk-rollover-communication-plan";
    private const int PayloadsPerSubmission = 48;

    private readonly ConcurrentQueue<string> _hits = new();

    [Fact]
    public async Task Payloads_submitted_through_every_form_run_nothing_fetch_nothing_and_create_nothing_on_any_page()
    {
        var payloads = XssPayloads.Load();
        Assert.True(payloads.Count >= 100, $"The corpus has {payloads.Count} payloads; it needs at least 100.");
        var batches = payloads.Chunk(PayloadsPerSubmission).Select(b => b.ToList()).ToList();

        // Writers: each batch once as a submission's Markdown text, and as much of it as fits into the plain-text fields.
        var permalinks = new List<string>();
        var ccnso = await SignedInAsync("rep.ccnso@demo.example");
        permalinks.Add(await SubmitAsync(ccnso, batches[0], asBody: "ccNSO"));
        permalinks.Add(await SubmitAsync(ccnso, batches[1]));
        var isoc = await SignedInAsync("rep.isoc@demo.example");
        foreach (var batch in batches.Skip(2)) permalinks.Add(await SubmitAsync(isoc, batch));
        await WithdrawAsync(isoc, permalinks[^1], batches[^1]);

        // The chair: the period's close reason, a response, a designation's rationale, a minority view and the record.
        var chair = await SignedInAsync("chair@demo.example");
        await TakeTheReviewToARecordAsync(chair, payloads);

        // Readers: every page that shows what was written, anonymous and signed in.
        var reader = await NewWatchedPageAsync();
        string[] pages =
        [
            "/", "/consultations", $"/consultations/{Slug}", $"/consultations/{Slug}/record", $"/consultations/{Slug}/report",
            "/search?q=alert", "/search?q=javascript", "/search?q=onerror", "/search?q=xss", "/organizations", "/organizations/ccnso",
        ];
        foreach (var path in pages.Concat(permalinks)) await ViewAsync(reader, path);
        foreach (var path in new[] { "/dashboard", "/my/submissions" }) await ViewAsync(ccnso, path);
        await ViewAsync(chair, "/chair");

        await reader.WaitForTimeoutAsync(500); // an image's error handler or a late request would have reported by now
        Assert.True(_hits.IsEmpty, "Payloads got through:\n" + string.Join("\n", _hits.Distinct()));
    }

    [Fact]
    public async Task The_watch_reports_a_dialog_a_marker_a_request_and_planted_markup()
    {
        // The check itself can fail: markup that does what the payloads try is reported on each count.
        var page = await NewWatchedPageAsync();
        await page.GotoAsync("/");

        await page.EvaluateAsync("""
            () => {
              const planted = document.createElement('div');
              planted.className = 'prose';
              planted.innerHTML = '<img src="http://xss-1.invalid/i.png" onerror="window.__xss = 2"><a href="javascript:void(3)">x</a><iframe></iframe>';
              document.body.append(planted);
              setTimeout(() => alert(4));
            }
            """);
        await page.WaitForTimeoutAsync(500);
        await CheckAsync(page);

        var hits = string.Join("\n", _hits);
        Assert.Contains("a request to http://xss-1.invalid/i.png", hits);
        Assert.Contains("marker window.__xss = 2", hits);
        Assert.Contains("a alert dialog \"4\"", hits);
        Assert.Contains("<img> in user text with onerror", hits);
        Assert.Contains("<a> in user text with href=\"javascript:void(3)\"", hits);
        Assert.Contains("<iframe> in user text", hits);
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await NewWatchedPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, email);
        return page;
    }

    /// <summary>A page whose context reports every dialog, marker, request to a payload's URL and (on <see cref="CheckAsync"/>) planted element.</summary>
    private async Task<IPage> NewWatchedPageAsync()
    {
        var page = await browser.NewPageAsync(bypassContentSecurityPolicy: true);
        var context = page.Context;
        context.Dialog += (_, dialog) =>
        {
            _hits.Enqueue($"a {dialog.Type} dialog \"{dialog.Message}\" on {dialog.Page?.Url}");
            _ = dialog.DismissAsync();
        };
        await context.ExposeFunctionAsync("reportXssMarker", (string value) => _hits.Enqueue($"marker window.__xss = {value}"));
        await context.AddInitScriptAsync(
            "Object.defineProperty(window, '__xss', { configurable: false, get() { return undefined; }, set(v) { window.reportXssMarker(String(v)); } });");
        context.Request += (_, request) =>
        {
            if (PayloadUrl().IsMatch(request.Url)) _hits.Enqueue($"a request to {request.Url} from {request.Frame.Url}");
        };
        // Refused at once rather than left to DNS: the Request event above has recorded it already.
        await context.RouteAsync(PayloadUrl(), route => route.AbortAsync());
        return page;
    }

    private async Task ViewAsync(IPage page, string path)
    {
        await page.GotoAsync(path);
        await CheckAsync(page);
    }

    /// <summary>Elements and attributes that only a payload would put into the page.</summary>
    private async Task CheckAsync(IPage page)
    {
        var found = await page.EvaluateAsync<string[]>(PlantedMarkupScript);
        foreach (var problem in found) _hits.Enqueue($"{problem} on {page.Url}");
    }

    private async Task<string> SubmitAsync(IPage writer, IReadOnlyList<XssPayloads.Payload> batch, string? asBody = null)
    {
        await writer.GotoAsync($"/consultations/{Slug}/submit");
        await BrowserSteps.WaitUntilInteractiveAsync(writer);
        if (asBody is not null)
        {
            await writer.GetByLabel($"As the official position of {asBody}").CheckAsync();
            await writer.GetByLabel("Evidence").FillAsync(XssPayloads.Fitting(batch, 1000));
        }
        await writer.GetByLabel("Concerns").CheckAsync();
        await writer.GetByLabel("This is a blocking objection").CheckAsync();
        await writer.GetByLabel("Reason for the blocking objection").FillAsync(XssPayloads.Fitting(batch, 5000));
        var heading = $"Payloads {batch[0].Number} to {batch[^1].Number}.";
        await writer.GetByLabel("Text (Markdown)").FillAsync(heading + "\n\n" + XssPayloads.AsMarkdown(batch));
        await Expect(writer.Locator(".preview-body")).ToContainTextAsync(heading);
        await CheckAsync(writer); // the preview shows the text as the archive will
        await writer.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(writer).ToHaveURLAsync(ReceiptAddress(), new() { Timeout = 20_000 });
        return new Uri(writer.Url).AbsolutePath.Replace("/receipt", "", StringComparison.Ordinal);
    }

    private async Task WithdrawAsync(IPage writer, string permalink, IReadOnlyList<XssPayloads.Payload> batch)
    {
        await writer.GotoAsync(permalink + "/revise");
        await BrowserSteps.WaitUntilInteractiveAsync(writer);
        await writer.GetByLabel("Reason (optional, published)").FillAsync(XssPayloads.Fitting(batch, 2000));
        await writer.GetByLabel("I want to withdraw it").CheckAsync();
        await writer.GetByRole(AriaRole.Button, new() { Name = "Withdraw", Exact = true }).ClickAsync();
        await Expect(writer).ToHaveURLAsync(new Regex(Regex.Escape(permalink) + "$"));
    }

    private async Task TakeTheReviewToARecordAsync(IPage chair, IReadOnlyList<XssPayloads.Payload> payloads)
    {
        var slices = payloads.Chunk(payloads.Count / 5 + 1).Select(s => s.ToList()).ToList();

        await chair.GotoAsync($"/consultations/{Slug}");
        await chair.GetByTestId("manage-period").ClickAsync();
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        var close = chair.GetByTestId("close-early");
        await close.GetByLabel("Reason (published)").FillAsync("Closed for the test.\n" + XssPayloads.Fitting(slices[0], 1900));
        await close.GetByRole(AriaRole.Button, new() { Name = "Close the comment period now" }).ClickAsync();
        await Expect(chair.Locator("ol.timeline")).ToContainTextAsync("Closed for the test.");

        await chair.GotoAsync($"/chair/consultations/{Slug}/review");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        var ladder = chair.GetByTestId("ladder");
        await ladder.GetByLabel("At once, and as later submissions arrive").CheckAsync();
        await ladder.GetByRole(AriaRole.Button, new() { Name = "Set up the review" }).ClickAsync();
        var entered = chair.GetByText(EnteredItems());
        await Expect(entered).ToBeVisibleAsync();
        var items = int.Parse(EnteredItems().Match(await entered.InnerTextAsync()).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        await chair.GotoAsync($"/chair/consultations/{Slug}/stages/1");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        await ChairSteps.ChooseEveryItemAsync(chair, items);
        var bulk = chair.GetByTestId("bulk-disposition");
        await bulk.GetByLabel("Disposition").SelectOptionAsync(new SelectOptionValue { Label = "Accepted" });
        await bulk.GetByLabel("Response (kept unpublished until you publish it)").FillAsync(XssPayloads.AsMarkdown(slices[1]));
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Set this disposition" }).ClickAsync();
        await Expect(chair.GetByText($"{items} item(s) in this stage, 0 without a disposition.")).ToBeVisibleAsync();
        await chair.GetByTestId("publish-all").ClickAsync();
        await Expect(chair.GetByTestId("items").Locator(".publication", new() { HasText = "Not yet published" })).ToHaveCountAsync(0);
        await CheckAsync(chair);
        string[] stages = ["Staff intake", "Working group review", "Council review", "Consensus call"];
        for (var order = 1; order < stages.Length; order++)
        {
            if (order > 1) await ChairSteps.GoToStageAsync(chair, order, stages[order - 1]);
            await ChairSteps.ChooseEveryItemAsync(chair, items);
            await ChairSteps.PassUpChosenAsync(chair, stages[order], items);
        }
        await ChairSteps.GoToStageAsync(chair, 4, "Consensus call");
        await ChairSteps.OpenTheCallFromTheConsensusStageAsync(chair);
        await chair.GetByTestId("open-call").GetByRole(AriaRole.Button, new() { Name = "Open the consensus call" }).ClickAsync();
        await ChairSteps.DesignateAsync(chair, "Consensus", "Rationale.\n\n" + XssPayloads.AsMarkdown(slices[2]), "Rationale.");
        var minority = chair.GetByTestId("minority-view");
        await minority.GetByLabel("Submission holding it").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await minority.GetByLabel("Summary (published in the record)").FillAsync("Held by one writer.\n" + XssPayloads.Fitting(slices[3], 4900));
        await minority.GetByRole(AriaRole.Button, new() { Name = "Record the minority view" }).ClickAsync();
        await Expect(chair.Locator("section", new() { Has = chair.GetByRole(AriaRole.Heading, new() { Name = "Minority views" }) }))
            .ToContainTextAsync("Held by one writer.");
        await chair.GetByTestId("finalize").GetByRole(AriaRole.Button, new() { Name = "Make the designation final" }).ClickAsync();
        await Expect(chair.GetByText("The designation is final.")).ToBeVisibleAsync();
        await CheckAsync(chair);

        await chair.GotoAsync($"/chair/consultations/{Slug}/stages/4");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        await ChairSteps.ChooseEveryItemAsync(chair, items);
        await ChairSteps.PassUpChosenAsync(chair, "Record published", items);
        await ChairSteps.OpenTheCallFromTheConsensusStageAsync(chair);
        var publish = chair.GetByTestId("publish-record");
        await publish.GetByLabel("What was decided (Markdown)").FillAsync("Decided.\n\n" + XssPayloads.AsMarkdown(slices[4]));
        await publish.GetByRole(AriaRole.Button, new() { Name = "Publish the record" }).ClickAsync();
        await Expect(chair.GetByRole(AriaRole.Heading, new() { Name = "Correct the record" })).ToBeVisibleAsync();
        await CheckAsync(chair);
    }

    /// <summary>Any URL a payload names: http://xss-N.invalid/..., or a path /xss-N... on the portal itself.</summary>
    [GeneratedRegex(@"xss-\d+|\.invalid(?:[:/]|$)")]
    private static partial Regex PayloadUrl();

    [GeneratedRegex(@"/submissions/[0-9a-f-]{36}/receipt\?version=1$")]
    private static partial Regex ReceiptAddress();

    [GeneratedRegex(@"(\d+) item\(s\) have entered the review")]
    private static partial Regex EnteredItems();

    /// <summary>
    /// Run in the page: what a payload would have planted. Script elements other than the portal's own files; any on*
    /// attribute (the portal has none: its CSP forbids them); a javascript:, vbscript: or data:text/html URL in any
    /// attribute; an attribute naming a payload's URL (a plain http link a writer may keep); elements the portal never
    /// renders; and inside user text (.prose from the sanitizer, .snippet from search) anything off the allow-list.
    /// </summary>
    private const string PlantedMarkupScript = """
        () => {
          const problems = [];
          const where = el => `<${el.tagName.toLowerCase()}>` + (el.closest('.prose, .snippet') ? ' in user text' : '');
          for (const s of document.querySelectorAll('script')) {
            const src = s.getAttribute('src') || '';
            if (!src || /xss|^(https?:)?\/\//i.test(src)) problems.push(`a script ${src || s.textContent.slice(0, 60)}`);
          }
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const name = a.name.toLowerCase();
              const squeezed = a.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
              if (name === 'value' && /^(input|textarea|option|select)$/i.test(el.tagName)) continue; // what a field holds, not markup
              if (name.startsWith('on')) problems.push(`${where(el)} with ${name}`);
              if (/^(javascript|vbscript|livescript|data:text\/html)/.test(squeezed) || /(^|;)url=javascript/.test(squeezed))
                problems.push(`${where(el)} with ${name}="${a.value.slice(0, 60)}"`);
              if (/xss-\d+/.test(a.value) && !(el.tagName === 'A' && name === 'href' && /^(https?|mailto):/i.test(a.value)))
                problems.push(`${where(el)} with ${name}="${a.value.slice(0, 60)}"`);
            }
          }
          for (const el of document.querySelectorAll('iframe, frame, frameset, object, embed, applet, meta[http-equiv], body link, body style, math, video, audio, marquee, isindex, foreignObject, svg script, svg animate, svg set'))
            problems.push(`${where(el)}`);
          if (document.querySelectorAll('base').length > 1) problems.push('a second <base>');
          const allowed = new Set(['p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'ins', 'sub', 'sup', 'mark',
            'blockquote', 'code', 'pre', 'ul', 'ol', 'li', 'a', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'dl', 'dt', 'dd']);
          for (const el of document.querySelectorAll('.prose *, .snippet *'))
            if (!allowed.has(el.tagName.toLowerCase())) problems.push(`${where(el)} (not on the allow-list)`);
          return problems;
        }
        """;
}

/// <summary>The corpus in xss-payloads.txt (its header says how it is written).</summary>
public static class XssPayloads
{
    public sealed record Payload(int Number, string Category, string Text);

    public static IReadOnlyList<Payload> Load()
    {
        var payloads = new List<Payload>();
        var category = "";
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "xss-payloads.txt")))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal)) category = line[3..];
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                var number = payloads.Count + 1;
                var text = line.Replace("{N}", number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
                    .Replace("{NL}", "\n", StringComparison.Ordinal).Replace("{NUL}", "\0", StringComparison.Ordinal);
                payloads.Add(new Payload(number, category, text));
            }
        }
        return payloads;
    }

    /// <summary>Each payload a paragraph of its own, so that one cannot change how Markdown reads the next.</summary>
    public static string AsMarkdown(IEnumerable<Payload> payloads) => string.Join("\n\n", payloads.Select(p => p.Text));

    /// <summary>As many of the payloads as fit into a plain-text field of <paramref name="maxLength"/> characters, one a line.</summary>
    public static string Fitting(IEnumerable<Payload> payloads, int maxLength)
    {
        var text = "";
        foreach (var payload in payloads)
        {
            var next = text.Length == 0 ? payload.Text : text + "\n" + payload.Text;
            if (next.Length > maxLength) break;
            text = next;
        }
        return text;
    }
}
