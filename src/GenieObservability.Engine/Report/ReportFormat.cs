using System.Globalization;

namespace GenieObservability.Engine.Report;

/// <summary>How figures read in the report: invariant culture, UTC, whole numbers with thousands separators.</summary>
public static class ReportFormat
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Invariant);

    /// <summary>A share 0..1 as a percentage; an en dash when there is none.</summary>
    public static string Percent(double? share) => share is { } s ? (s * 100).ToString(s is > 0 and < 0.1 ? "0.0" : "0", Invariant) + "%" : "–";

    /// <summary>A duration in milliseconds as read: "850 ms", "12.3 s", "4 min 05 s"; an en dash when there is none.</summary>
    public static string Duration(double? milliseconds) => milliseconds switch
    {
        null => "–",
        < 1000 => ((long)Math.Round(milliseconds.Value)).ToString("N0", Invariant) + " ms",
        < 60_000 => (milliseconds.Value / 1000).ToString("0.0", Invariant) + " s",
        _ => string.Create(Invariant, $"{(long)(milliseconds.Value / 60_000)} min {(long)(milliseconds.Value % 60_000 / 1000):00} s"),
    };

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", Invariant);

    public static string ShortDay(DateOnly day) => day.ToString("MMM d", Invariant);

    public static string Time(DateTimeOffset? time) => time is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", Invariant) + " UTC" : "never";

    /// <summary>For data-* attributes and JSON: round-trip ISO 8601 in UTC.</summary>
    public static string? Iso(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);

    public static string Number(double value) => value.ToString("R", Invariant);

    /// <summary>"12 min ago", "3 h ago", "5 days ago" relative to <paramref name="now"/>.</summary>
    public static string Ago(DateTimeOffset? time, DateTimeOffset now)
    {
        if (time is not { } t)
        {
            return "never";
        }

        var age = now - t;
        return age.TotalMinutes switch
        {
            < 1 => "just now",
            < 90 => $"{(int)Math.Round(age.TotalMinutes)} min ago",
            < 48 * 60 => $"{(int)Math.Round(age.TotalHours)} h ago",
            _ => $"{(int)Math.Round(age.TotalDays)} days ago",
        };
    }

    /// <summary>Text cut to <paramref name="length"/> characters with an ellipsis (the full text goes in a title).</summary>
    public static string Shorten(string? text, int length)
    {
        var value = (text ?? string.Empty).ReplaceLineEndings(" ").Trim();
        return value.Length <= length ? value : value[..(length - 1)].TrimEnd() + "…";
    }
}
