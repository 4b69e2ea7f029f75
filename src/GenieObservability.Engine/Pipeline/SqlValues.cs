using System.Globalization;

namespace GenieObservability.Engine.Pipeline;

/// <summary>Converts warehouse values (DuckDB, ODBC and Statement API each return timestamps and numbers differently).</summary>
internal static class SqlValues
{
    public static DateTime? ToUtc(object? value) => value switch
    {
        null => null,
        DateTime dt => dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : DateTime.SpecifyKind(dt, DateTimeKind.Utc),
        DateTimeOffset dto => dto.UtcDateTime,
        DateOnly date => date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed.UtcDateTime,
        _ => null,
    };

    public static DateTimeOffset? ToOffset(object? value) => ToUtc(value) is { } utc ? new DateTimeOffset(utc, TimeSpan.Zero) : null;

    public static long ToLong(object? value) => value switch
    {
        null => 0,
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
    };

    public static int ToInt(object? value) => (int)ToLong(value);

    /// <summary>A rate or share: DuckDB and the Statement API give doubles, PostgreSQL numerics (decimal).</summary>
    public static double? ToDouble(object? value) => value switch
    {
        null => null,
        string s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    public static string? ToText(object? value) => value is null ? null : Convert.ToString(value, CultureInfo.InvariantCulture);
}
