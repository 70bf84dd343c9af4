using System.Net;
using Consultation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>The portal as it runs in production, with one extra address that fails.</summary>
public sealed class ProductionPortalFactory : PortalFactory
{
    public const string FailingPath = "/test/throw";

    protected override string EnvironmentName => "Production";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, FailingEndpoint>());
    }

    /// <summary>Added after the portal's own pipeline, so that its exception handler sees the failure.</summary>
    private sealed class FailingEndpoint : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map(FailingPath, failing => failing.Run(_ => throw new InvalidOperationException("Deliberate failure for the test.")));
        };
    }
}

public sealed class ErrorPageTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task Unhandled_exception_shows_the_error_page_with_a_correlation_id_and_no_stack_trace()
    {
        var page = await portal.CreateBrowserlikeClient().GetPageAsync(ProductionPortalFactory.FailingPath);

        Assert.Equal(HttpStatusCode.InternalServerError, page.Status);
        Assert.Equal("Something went wrong", page.TextOf("h1"));
        Assert.Contains("correlation id", page.Html);
        Assert.NotEmpty(page.TextOf("[data-testid=correlation-id]").Trim());
        Assert.DoesNotContain("   at ", page.Html);
        Assert.DoesNotContain("Deliberate failure", page.Html);
    }
}
