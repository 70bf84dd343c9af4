using Consultation.Domain.Common;

namespace Consultation.Domain.Tests;

public class SlugTests
{
    [Theory]
    [InlineData("Global DNS-CERT Business Case", "global-dns-cert-business-case")]
    [InlineData("  ccNSO: letter of 2010-03-11!  ", "ccnso-letter-of-2010-03-11")]
    [InlineData("Réseaux IP Européens", "reseaux-ip-europeens")]
    [InlineData(".jp / JPRS", "jp-jprs")]
    public void Slug_is_derived_from_a_title(string title, string expected)
    {
        Assert.Equal(expected, Slug.From(title));
        Assert.True(Slug.IsValid(Slug.From(title)));
    }

    [Fact]
    public void Derived_slug_is_cut_to_the_maximum_without_a_trailing_hyphen()
    {
        var title = new string('a', Slug.MaxLength - 1) + " bcd";

        var slug = Slug.From(title);

        Assert.Equal(new string('a', Slug.MaxLength - 1), slug);
        Assert.True(Slug.IsValid(slug));
    }

    [Theory]
    [InlineData("global-dns-cert-business-case")]
    [InlineData("2010")]
    [InlineData("a")]
    public void Lower_case_letters_digits_and_single_hyphens_are_a_valid_slug(string slug)
    {
        Assert.Equal(slug, Slug.Require(slug));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("DNS-CERT")]
    [InlineData("dns--cert")]
    [InlineData("-dns-cert")]
    [InlineData("dns-cert-")]
    [InlineData("dns cert")]
    [InlineData("dns_cert")]
    [InlineData("dns-cert\n")]
    public void Anything_else_is_refused_as_a_slug(string? slug)
    {
        Assert.False(Slug.IsValid(slug));
        var refusal = Assert.Throws<DomainRuleException>(() => Slug.Require(slug));
        Assert.Equal("slug-format", refusal.Rule);
    }

    [Fact]
    public void Slug_longer_than_the_maximum_is_refused()
    {
        Assert.True(Slug.IsValid(new string('a', Slug.MaxLength)));
        Assert.False(Slug.IsValid(new string('a', Slug.MaxLength + 1)));
    }
}
