using System.Globalization;

namespace GenieObservability.Engine.Ingestion;

/// <summary>Reads values back whatever .NET type the backend returns them as (DuckDB, ODBC and the Statement API differ).</summary>
internal static class SqlValues
{
    public static DateTimeOffset? ToTimestamp(object? value) => value switch
    {
        DateTimeOffset offset => offset.ToUniversalTime(),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, time.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)).ToUniversalTime(),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) => parsed,
        _ => null,
    };

    public static int? ToInt(object? value) => value switch
    {
        null => null,
        int number => number,
        string text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible convertible => convertible.ToInt32(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static long? ToLong(object? value) => value switch
    {
        null => null,
        long number => number,
        string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        IConvertible convertible => convertible.ToInt64(CultureInfo.InvariantCulture),
        _ => null,
    };

    public static bool? ToBool(object? value) => value switch
    {
        null => null,
        bool flag => flag,
        string text when bool.TryParse(text, out var parsed) => parsed,
        IConvertible convertible => convertible.ToInt32(CultureInfo.InvariantCulture) != 0,
        _ => null,
    };
}
