using Consultation.Application.Features.Consultations;
using Consultation.Application.Features.Dashboard;
using Consultation.Application.Pipeline;
using Mediator;

namespace Consultation.Application.Tests;

public sealed class PipelineTests(AppHarness app) : IClassFixture<AppHarness>
{
    [Fact]
    public void Every_request_declares_who_may_send_it()
    {
        var requests = typeof(ListConsultations).Assembly.GetTypes()
            .Where(t => typeof(IMessage).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .ToList();

        Assert.Superset(new HashSet<Type> { typeof(ListConsultations.Query), typeof(ShowConsultation.Query), typeof(MyDashboard.Query) },
            requests.ToHashSet());
        Assert.All(requests, request => AuthorizationBehavior<IMessage, object>.DeclarationOf(request));
    }

    [Fact]
    public async Task An_anonymous_reader_asking_for_a_dashboard_is_refused_before_the_handler_runs()
    {
        var denied = await Assert.ThrowsAsync<AccessDeniedException>(() => app.SendAsync(new MyDashboard.Query()));

        // The handler would refuse too, but with its own words and from its own code.
        Assert.Equal("Sign in to do this.", denied.Message);
        Assert.Equal(typeof(AuthorizationBehavior<,>), denied.TargetSite?.DeclaringType?.GetGenericTypeDefinition());
    }

    [Fact]
    public Task Page_zero_is_invalid_input_on_the_page_field() =>
        AssertInvalidAsync(new ListConsultations.Query(Page: 0), "Page", "Pages are numbered from 1 to 1000000.");

    [Fact]
    public Task An_oversized_page_is_invalid_input_on_the_page_size_field() =>
        AssertInvalidAsync(new ListConsultations.Query(PageSize: 1000), "PageSize", "A page holds 1 to 100 consultations.");

    [Fact]
    public Task A_malformed_slug_is_invalid_input_on_the_slug_field() =>
        AssertInvalidAsync(new ShowConsultation.Query("Not A Slug"), "Slug", "That is not a consultation address.");

    private async Task AssertInvalidAsync<T>(IQuery<T> query, string field, string message)
    {
        var invalid = await Assert.ThrowsAsync<InputInvalidException>(() => app.SendAsync(query));
        var (key, messages) = Assert.Single(invalid.Errors);
        Assert.Equal(field, key);
        Assert.Equal(message, Assert.Single(messages));
    }
}
