using System.Globalization;
using System.Text.Json;
using Consultation.Application.Features.PublicApi;
using Consultation.Application.Pipeline;

namespace Consultation.Web.Endpoints.PublicApi;

/// <summary>
/// The API's one error shape: a refused query parameter is a 400 validation problem naming it, a missing thing (or a path
/// that cannot name one) a 404 problem. Nothing a reader sends becomes a 500.
/// </summary>
internal sealed class ApiProblems : IEndpointFilter
{
    /// <summary>Request properties whose query parameter has another name.</summary>
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["Text"] = "q",
        ["ContentHash"] = "hash",
    };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (InputInvalidException invalid)
        {
            var errors = invalid.Errors.GroupBy(e => ParameterOf(e.Key))
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).Distinct().ToArray());
            // A path that cannot name anything (a slug with capitals, a hash of the wrong length) names nothing: 404.
            var routeValues = context.HttpContext.Request.RouteValues;
            if (errors.Keys.All(routeValues.ContainsKey))
                return TypedResults.Problem(string.Join(" ", errors.Values.SelectMany(m => m)), statusCode: StatusCodes.Status404NotFound, title: "Not found");
            return TypedResults.ValidationProblem(errors, title: "A parameter of the request is not valid.");
        }
        catch (NotFoundException missing)
        {
            return TypedResults.Problem(missing.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found");
        }
    }

    /// <summary>"Search.Text" is the query parameter q; "Limit" is limit.</summary>
    internal static string ParameterOf(string property)
    {
        var name = property[(property.LastIndexOf('.') + 1)..];
        return Parameters.GetValueOrDefault(name) ?? JsonNamingPolicy.CamelCase.ConvertName(name);
    }

}

/// <summary>
/// Query parameters are bound as text and read here, so that one that does not read is refused by name, as the validators
/// refuse the rest, rather than by the framework's bare 400.
/// </summary>
internal static class ApiParameters
{
    /// <summary>Parses a query parameter, refusing it by name when it does not read; null when it is absent.</summary>
    public static T? Parse<T>(string? text, string parameter, string expected, TryParse<T> parse) where T : struct
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (parse(text.Trim(), out var value)) return value;
        throw new InputInvalidException(new Dictionary<string, string[]> { [parameter] = [expected] });
    }

    public delegate bool TryParse<T>(string text, out T value);

    public static int Limit(string? text) =>
        Parse<int>(text, "Limit", ApiCursor.LimitMessage,
            (string t, out int v) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v))
        ?? ApiCursor.DefaultLimit;

    public static T? Enum<T>(string? text, string parameter) where T : struct, System.Enum =>
        Parse<T>(text, parameter, $"Choose one of: {string.Join(", ", System.Enum.GetNames<T>())}.",
            (string t, out T v) => System.Enum.TryParse(t, ignoreCase: true, out v) && System.Enum.IsDefined(v) && !char.IsDigit(t[0]));

    public static int? Year(string? text) =>
        Parse<int>(text, "Year", "Give a year such as 2010.", (string t, out int v) => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out v));

    public static DateOnly? Day(string? text, string parameter) =>
        Parse<DateOnly>(text, parameter, "Give a UTC day as yyyy-MM-dd.",
            (string t, out DateOnly v) => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out v));
}
