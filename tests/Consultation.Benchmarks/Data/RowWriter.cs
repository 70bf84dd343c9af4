using System.Data.Common;
using Consultation.Domain.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Consultation.Benchmarks.Data;

/// <summary>
/// Inserts entities of one type exactly as the portal's EF Core model maps them (its table, every column, each column's
/// value conversion and parameter type), with one prepared statement reused for every row: the rows EF would write,
/// without the change tracker's cost per entity, which made the first generator spend milliseconds on each submission.
/// The database's triggers run as for any insert, so the full-text index is kept in step as the portal keeps it.
/// </summary>
internal sealed class RowWriter<T> : IDisposable where T : class
{
    private readonly DbCommand _insert;
    private readonly (IProperty Property, DbParameter Parameter, Func<object?, object?> ToProvider)[] _columns;

    public RowWriter(DbContext db, DbTransaction transaction)
    {
        var type = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var properties = type.GetProperties().ToArray();
        if (properties.FirstOrDefault(p => p.IsShadowProperty()) is { } shadow)
            throw new InvalidOperationException($"{typeof(T).Name}.{shadow.Name} is a shadow property, which the entity cannot give.");
        _insert = transaction.Connection!.CreateCommand();
        _insert.Transaction = transaction;
        _insert.CommandText = $"INSERT INTO \"{type.GetTableName()}\" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))}) " +
                              $"VALUES ({string.Join(", ", properties.Select((_, i) => $"$p{i}"))})";
        _columns = properties.Select((property, i) =>
        {
            var mapping = (RelationalTypeMapping)property.GetRelationalTypeMapping();
            var parameter = mapping.CreateParameter(_insert, $"$p{i}", null, property.IsNullable);
            _insert.Parameters.Add(parameter);
            var converter = mapping.Converter;
            Func<object?, object?> toProvider = converter is null ? v => v : v => v is null ? null : converter.ConvertToProvider(v);
            return (property, parameter, toProvider);
        }).ToArray();
        _insert.Prepare();
    }

    /// <summary>The transaction the next rows go into (the generator commits every so many rows).</summary>
    public DbTransaction Transaction { set => _insert.Transaction = value; }

    public void Write(T entity)
    {
        // As ConsultationDbContext.SaveChanges does for every added entity that carries one.
        if (entity is IConcurrencyAware aware) aware.ConcurrencyToken = Guid.NewGuid();
        foreach (var (property, parameter, toProvider) in _columns)
            parameter.Value = toProvider(property.GetGetter().GetClrValue(entity)) ?? DBNull.Value;
        _insert.ExecuteNonQuery();
    }

    public void Dispose() => _insert.Dispose();
}
