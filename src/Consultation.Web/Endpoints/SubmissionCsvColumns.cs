using Consultation.Application.Features.OpenData;
using CsvHelper;

namespace Consultation.Web.Endpoints;

/// <summary>
/// The columns of submissions.csv, named as the JSON exports name their properties. Written by hand so that the
/// Application's export row needs no CSV attribute; instants are ISO 8601 round-trip text in UTC ("O").
/// </summary>
internal sealed class SubmissionCsvColumns : CsvRecordWriter<ExportedSubmission>
{
    private static readonly string[] Names =
    [
        "id", "permalink", "consultationSlug", "consultationTitle", "authorName", "bodyName", "bodyAcronym", "bodyKind",
        "stance", "blockingReason", "submittedAt", "currentVersion", "currentVersionAt", "contentHash", "withdrawnAt",
        "repliesToId", "disposition", "response", "responsePublishedAt", "text",
    ];

    public override int FieldCount => Names.Length;

    public override void WriteHeader(CsvWriter writer)
    {
        foreach (var name in Names) WriteColumnName(writer, name);
    }

    public override void Write(CsvWriter writer, ExportedSubmission row)
    {
        writer.WriteField(row.Id.ToString());
        writer.WriteField(row.Permalink);
        writer.WriteField(row.ConsultationSlug);
        writer.WriteField(row.ConsultationTitle);
        writer.WriteField(row.AuthorName);
        writer.WriteField(row.BodyName);
        writer.WriteField(row.BodyAcronym);
        writer.WriteField(row.BodyKind?.ToString());
        writer.WriteField(row.Stance.ToString());
        writer.WriteField(row.BlockingReason);
        writer.WriteField(row.SubmittedAt, "O");
        writer.WriteField(row.CurrentVersion, "");
        writer.WriteField(row.CurrentVersionAt, "O");
        writer.WriteField(row.ContentHash);
        writer.WriteField(row.WithdrawnAt, "O");
        writer.WriteField(row.RepliesToId?.ToString());
        writer.WriteField(row.Disposition?.ToString());
        writer.WriteField(row.Response);
        writer.WriteField(row.ResponsePublishedAt, "O");
        writer.WriteField(row.Text);
    }
}
