using Bunit;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Rendering;
using Consultation.Domain.Consultations;
using Consultation.Web.Components.Shared;

namespace Consultation.Web.Tests;

public sealed class ComponentTests : BunitContext
{
    private static readonly DateTimeOffset Opened = new(2010, 2, 12, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Consultation_list_links_each_consultation_and_shows_its_status_and_extension()
    {
        ListConsultations.Item[] items =
        [
            new("open-one", "An open proposal", ConsultationStatus.OpenForComment, Opened, Opened.AddDays(42), null, null, "RSSAC", 2, WasExtended: false),
            new("decided-one", "A decided proposal", ConsultationStatus.Decided, Opened, Opened.AddDays(61), null, Opened.AddDays(120), null, 6, WasExtended: true),
        ];

        var cut = Render<ConsultationList>(ps => ps.Add(p => p.Items, items));

        var cards = cut.FindAll("li.consultation-card");
        Assert.Equal(2, cards.Count);
        Assert.Equal(["consultations/open-one", "consultations/decided-one"], cut.FindAll("h2 a").Select(a => a.GetAttribute("href")));
        Assert.Equal(["An open proposal", "A decided proposal"], cut.FindAll("h2 a").Select(a => a.TextContent));
        Assert.Equal(["Open for comment", "Decided"], cut.FindAll(".badge").Select(b => b.TextContent));
        Assert.Contains("Closes", cards[0].TextContent);
        Assert.DoesNotContain("(extended)", cards[0].TextContent);
        Assert.Contains("Convened by", cards[0].TextContent);
        Assert.Contains("(extended)", cards[1].TextContent);
        Assert.Contains("Record published", cards[1].TextContent);
        Assert.Contains("2010-04-14 00:00 UTC", cards[1].TextContent);
    }

    [Fact]
    public void Safe_html_renders_exactly_the_html_it_is_given()
    {
        var cut = Render<SafeHtml>(ps => ps
            .Add(p => p.Html, new SanitizedHtml("<p>Given <em>text</em></p>"))
            .Add(p => p.Class, "summary"));

        cut.MarkupMatches("""<div class="prose summary"><p>Given <em>text</em></p></div>""");
    }
}
