using System.Globalization;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// Reads one value back whatever .NET type the backend returns it as (DuckDB, ODBC and the Statement API differ).
/// SQL NULL is null for every type; a value of the wrong type throws (a query bug, not data to hide), except text that
/// is not a timestamp, which reads as no timestamp.
/// Timestamps come back in UTC: a local DateTime is converted, an unspecified one is taken as UTC (what the tables store).
/// </summary>
internal static class SqlValue
{
    public static string? ToText(object? value) => value switch
    {
        null => null,
        string text => text,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static long? ToInt64(object? value) => value switch
    {
        null => null,
        long number => number,
        string text => long.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static int? ToInt32(object? value) => value switch
    {
        null => null,
        int number => number,
        string text => int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture),
    };

    /// <summary>A rate or share: DuckDB and the Statement API give doubles, PostgreSQL numerics (decimal).</summary>
    public static double? ToDouble(object? value) => value switch
    {
        null => null,
        string text => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    /// <summary>BOOLEAN where the backend has it; text ("true") from the Statement API, 0/1 from ODBC drivers without it.</summary>
    public static bool? ToBoolean(object? value) => value switch
    {
        null => null,
        bool flag => flag,
        string text when bool.TryParse(text, out var parsed) => parsed,
        _ => Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0,
    };

    public static DateTimeOffset? ToTimestamp(object? value) => value switch
    {
        null => null,
        DateTimeOffset offset => offset.ToUniversalTime(),
        DateTime time => new DateTimeOffset(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateOnly date => new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)),
        string text => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed : null,
        _ => throw new InvalidCastException($"A {value.GetType().Name} is not a timestamp."),
    };
}
