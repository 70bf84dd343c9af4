using System.Text.Json;
using System.Text.RegularExpressions;

namespace Consultation.Web.Components.Pages.Api;

/// <summary>
/// What the /api page shows, read from the OpenAPI document the portal serves (as JSON, the format anyone reads), so that
/// the page and the document cannot disagree.
/// </summary>
public sealed partial record ApiReferenceModel(string Title, string? Description, IReadOnlyList<ApiReferenceModel.Operation> Operations,
    IReadOnlyList<ApiReferenceModel.Schema> Schemas)
{
    public sealed record Operation(string Method, string Path, string Id, string? Summary, string? Description,
        IReadOnlyList<Field> Parameters, IReadOnlyList<Response> Responses)
    {
        /// <summary>The success response's schema, whose fields the page lists beside the operation.</summary>
        public string? ResultSchema => Responses.FirstOrDefault(r => r.Status.StartsWith('2'))?.Schema;

        /// <summary>A shell command that calls the operation; path parameters become capitalised placeholders.</summary>
        public string Curl(string baseUri) =>
            $"curl -s '{baseUri.TrimEnd('/')}{PathParameter().Replace(Path, m => m.Groups[1].Value.ToUpperInvariant())}"
            + (Parameters.Any(p => p.Name == "limit") ? "?limit=2" : "") + "'";
    }

    /// <param name="Location">Where a parameter goes (query, path); null for a schema's field.</param>
    public sealed record Field(string Name, string Type, string? Description, bool Required, string? Location = null, string? TypeSchema = null);

    /// <param name="Schema">The name of the body's schema among <see cref="Schemas"/>, when it has one.</param>
    public sealed record Response(string Status, string? Description, string? MediaType, string? Schema);

    public sealed record Schema(string Name, string Type, string? Description, IReadOnlyList<Field> Fields, IReadOnlyList<string> Values);

    public static ApiReferenceModel Read(string openApiJson)
    {
        using var document = JsonDocument.Parse(openApiJson);
        var root = document.RootElement;
        var info = root.GetProperty("info");
        var operations = new List<Operation>();
        foreach (var path in Properties(root, "paths"))
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Name != "parameters"))
                operations.Add(new Operation(operation.Name.ToUpperInvariant(), path.Name, Text(operation.Value, "operationId") ?? $"{operation.Name} {path.Name}",
                    Text(operation.Value, "summary"), Text(operation.Value, "description"),
                    Items(operation.Value, "parameters").Select(p => new Field(p.GetProperty("name").GetString()!,
                        p.TryGetProperty("schema", out var schema) ? TypeOf(schema) : "string", Text(p, "description"),
                        p.TryGetProperty("required", out var required) && required.GetBoolean(), Text(p, "in"))).ToList(),
                    Properties(operation.Value, "responses").Select(r =>
                    {
                        var content = Properties(r.Value, "content").FirstOrDefault();
                        var schema = content.Value.ValueKind == JsonValueKind.Object && content.Value.TryGetProperty("schema", out var s) ? RefOf(s) : null;
                        return new Response(r.Name, Text(r.Value, "description"), content.Value.ValueKind == JsonValueKind.Object ? content.Name : null, schema);
                    }).OrderBy(r => r.Status, StringComparer.Ordinal).ToList()));

        var components = root.TryGetProperty("components", out var c) ? c : default;
        var schemas = components.ValueKind == JsonValueKind.Object
            ? Properties(components, "schemas").Select(s => new Schema(s.Name, TypeOf(s.Value), Text(s.Value, "description"),
                    Properties(s.Value, "properties").Select(p => new Field(p.Name, TypeOf(p.Value), Text(p.Value, "description"),
                        Items(s.Value, "required").Any(r => r.GetString() == p.Name), TypeSchema: RefOf(p.Value))).ToList(),
                    Items(s.Value, "enum").Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList()))
                .OrderBy(s => s.Name, StringComparer.Ordinal).ToList()
            : [];
        return new ApiReferenceModel(Text(info, "title") ?? "API", Text(info, "description"), operations, schemas);
    }

    /// <summary>A schema's type as a reader says it: "string (date-time)", "array of ApiConsultation", "ApiBody or null".</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference)) return NameOf(reference.GetString()!);
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            if (schema.TryGetProperty(combinator, out var options))
                return string.Join(" or ", options.EnumerateArray().Select(TypeOf).Distinct());
        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!).ToList() : [type.GetString()!]
            : new List<string>();
        var described = types.Select(t => t switch
        {
            "array" when schema.TryGetProperty("items", out var items) => $"array of {TypeOf(items)}",
            "object" when schema.TryGetProperty("additionalProperties", out var values) && values.ValueKind == JsonValueKind.Object => $"map of {TypeOf(values)}",
            _ when t != "null" && Text(schema, "format") is { } format => $"{t} ({format})",
            _ => t,
        }).ToList();
        return described.Count == 0 ? "any" : string.Join(" or ", described);
    }

    /// <summary>The schema named by a reference, directly, as an array's items or as one of a nullable's options.</summary>
    private static string? RefOf(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference)) return NameOf(reference.GetString()!);
        if (schema.TryGetProperty("items", out var items)) return RefOf(items);
        foreach (var combinator in new[] { "oneOf", "anyOf", "allOf" })
            if (schema.TryGetProperty(combinator, out var options))
                return options.EnumerateArray().Select(RefOf).FirstOrDefault(r => r is not null);
        return null;
    }

    private static string NameOf(string reference) => reference[(reference.LastIndexOf('/') + 1)..];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonProperty> Properties(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value.EnumerateObject().ToList() : [];

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList() : [];

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex PathParameter();
}
