using System.Text.Json;
using System.Text.Json.Serialization;
using Consultation.Application.Rendering;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Consultation.Web.Endpoints.PublicApi;

public static class PublicApiRegistration
{
    public const string CorsPolicy = "PublicApi";
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";
    public const string Prefix = "/api/v1";

    /// <summary>
    /// The public API's services: its JSON (camelCase, enums by name, sanitized HTML as a string), a CORS policy open to
    /// any origin for reading, and the OpenAPI document "v1", which describes the /api/v1 endpoints and nothing else.
    /// </summary>
    public static IServiceCollection AddPublicApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            options.SerializerOptions.Converters.Add(new SanitizedHtmlJsonConverter());
        });
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy => policy
            .AllowAnyOrigin().WithMethods(HttpMethods.Get, HttpMethods.Head).AllowAnyHeader().WithExposedHeaders("Link")));
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith(Prefix[1..] + "/", StringComparison.Ordinal) == true;
            // Nested result types share names (ShowRecord.Result, LedgerHead.Result): their schemas carry the declaring type's name.
            options.CreateSchemaReferenceId = type => type.Type is { IsNested: true, DeclaringType: { } declaring } && OpenApiOptions.CreateDefaultSchemaReferenceId(type) is { } name
                ? declaring.Name + name
                : OpenApiOptions.CreateDefaultSchemaReferenceId(type);
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Consultation public API";
                document.Info.Version = DocumentName;
                document.Info.Description = "Read-only, anonymous access to the public archive: consultations, submissions, search, "
                    + "consensus records, organizations and the integrity ledger. Lists are cursor-paged: pass the \"next\" of a page "
                    + "as \"cursor\" to get the following one (also given in the Link header). Errors are RFC 9457 problem details.";
                return Task.CompletedTask;
            });
            options.AddSchemaTransformer((schema, context, _) =>
            {
                // The converter writes it as a string; without this the schema would say nothing about it.
                if (context.JsonTypeInfo.Type == typeof(SanitizedHtml))
                {
                    schema.Type = JsonSchemaType.String;
                    schema.Format = "html";
                    schema.Description = "Sanitized HTML, as the portal's pages show it.";
                    schema.Properties?.Clear();
                }
                return Task.CompletedTask;
            });
        });
        return services;
    }
}

/// <summary>Sanitized HTML is written as its string, as the pages render it.</summary>
internal sealed class SanitizedHtmlJsonConverter : JsonConverter<SanitizedHtml>
{
    public override SanitizedHtml Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("The API only writes sanitized HTML.");

    public override void Write(Utf8JsonWriter writer, SanitizedHtml value, JsonSerializerOptions options) => writer.WriteStringValue(value.Value);
}
