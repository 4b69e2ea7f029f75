using System.Globalization;
using System.Text.Json;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report;

/// <summary>Query rows into the JSON data block as they came: numbers as numbers, times as ISO 8601 UTC strings.</summary>
public static class ReportJson
{
    public static void WriteRows(Utf8JsonWriter json, string property, IEnumerable<SqlRow> rows)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(rows);
        json.WriteStartArray(property);
        foreach (var row in rows)
        {
            WriteRow(json, row);
        }

        json.WriteEndArray();
    }

    public static void WriteRow(Utf8JsonWriter json, SqlRow row)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(row);
        json.WriteStartObject();
        for (var i = 0; i < row.Columns.Count; i++)
        {
            json.WritePropertyName(row.Columns[i]);
            WriteValue(json, row[i]);
        }

        json.WriteEndObject();
    }

    /// <summary>A property holding one row, or null when the query gave none.</summary>
    public static void WriteRowOrNull(Utf8JsonWriter json, string property, SqlRow? row)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WritePropertyName(property);
        if (row is null)
        {
            json.WriteNullValue();
        }
        else
        {
            WriteRow(json, row);
        }
    }

    public static void WriteValue(Utf8JsonWriter json, object? value)
    {
        ArgumentNullException.ThrowIfNull(json);
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case long or int or short or byte or sbyte or uint or ushort or ulong or System.Numerics.BigInteger:
                json.WriteRawValue(Convert.ToString(value, CultureInfo.InvariantCulture)!);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case float f:
                json.WriteNumberValue(f);
                break;
            case decimal m:
                json.WriteNumberValue((double)m);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case DateTime or DateTimeOffset or DateOnly:
                json.WriteStringValue(ReportFormat.Iso(Warehouse.SqlValue.ToTimestamp(value)));
                break;
            default:
                json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}
