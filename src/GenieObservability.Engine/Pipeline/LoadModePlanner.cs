using System.Globalization;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Turns a mode and the previous successful refresh's window end (the watermark) into the audit window to read.
/// Window end is the refresh's "now"; Auto starts at the watermark minus an overlap, so audit rows that land in the
/// log up to <see cref="DefaultOverlap"/> after their event_time are still read. Rows later than the overlap are
/// the trade-off: widen -Overlap (silver is deduplicated and ingestion skips what it has, so overlap costs only reads).
/// </summary>
public static class LoadModePlanner
{
    public const int DefaultDaysLookback = 90;
    public const int DefaultLookbackMinutes = 60;

    public static readonly TimeSpan DefaultOverlap = TimeSpan.FromHours(3);

    public static RefreshWindow Plan(RefreshRequest request, DateTime? previousWindowEnd, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var now = FloorToSecond(nowUtc);
        var overlap = request.Overlap ?? DefaultOverlap;
        var days = request.DaysLookback ?? DefaultDaysLookback;
        var previous = previousWindowEnd.HasValue ? FloorToSecond(previousWindowEnd.Value) : (DateTime?)null;

        switch (request.Mode)
        {
            case GeniePipelineMode.Auto when previous is { } watermark:
                {
                    var start = Min(watermark - overlap, now - overlap);
                    return new RefreshWindow(request.Mode, GeniePipelineMode.Auto, start, now,
                        $"previous successful refresh read up to {Format(watermark)}; starting {FormatSpan(overlap)} earlier for late audit rows",
                        days, null);
                }

            case GeniePipelineMode.Auto:
                return new RefreshWindow(request.Mode, GeniePipelineMode.Initial, DaysBack(now, days), now,
                    $"no earlier successful refresh: initial load of the last {days} days", days, null);

            case GeniePipelineMode.Initial:
                return new RefreshWindow(request.Mode, GeniePipelineMode.Initial, DaysBack(now, days), now,
                    $"initial load of the last {days} days", days, null, GapAfter(previous, DaysBack(now, days)));

            case GeniePipelineMode.CatchUp when request.DaysLookback is null && previous is { } watermark:
                {
                    var start = Min((watermark - overlap).Date, now.Date);
                    var catchUpDays = (int)Math.Ceiling((now.Date - start).TotalDays);
                    return new RefreshWindow(request.Mode, GeniePipelineMode.CatchUp, start, now,
                        $"catching up from the day of the previous run's window end ({Format(watermark)})", catchUpDays, null);
                }

            case GeniePipelineMode.CatchUp:
                return new RefreshWindow(request.Mode, GeniePipelineMode.CatchUp, DaysBack(now, days), now,
                    $"catching up the last {days} days", days, null, GapAfter(previous, DaysBack(now, days)));

            case GeniePipelineMode.Incremental:
                {
                    var minutes = request.LookbackMinutes ?? DefaultLookbackMinutes;
                    var start = now - TimeSpan.FromMinutes(minutes);
                    return new RefreshWindow(request.Mode, GeniePipelineMode.Incremental, start, now,
                        $"the last {minutes} minutes", days, minutes, GapAfter(previous, start));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(request), request.Mode, "Unknown pipeline mode.");
        }
    }

    private static void Validate(RefreshRequest request)
    {
        if (request.DaysLookback is < 1 or > 3650)
        {
            throw Invalid($"-DaysLookback must be between 1 and 3650 (was {request.DaysLookback}).");
        }

        if (request.LookbackMinutes is < 1 or > 525600)
        {
            throw Invalid($"-LookbackMinutes must be between 1 and 525600 (was {request.LookbackMinutes}).");
        }

        if (request.Overlap is { } overlap && (overlap < TimeSpan.Zero || overlap > TimeSpan.FromDays(30)))
        {
            throw Invalid($"-Overlap must be between 0 and 30 days (was {overlap}).");
        }
    }

    private static GenieObservabilityException Invalid(string message) =>
        new(message, "InvalidRefreshParameter", GenieErrorCategory.InvalidArgument);

    /// <summary>Whole days, as the original's event_date window: from midnight <paramref name="days"/> days ago.</summary>
    private static DateTime DaysBack(DateTime now, int days) => now.Date.AddDays(-days);

    private static string? GapAfter(DateTime? previousEnd, DateTime start) =>
        previousEnd is { } end && end < start
            ? $"audit rows between {Format(end)} (the previous successful refresh's window end) and {Format(start)} are not read by this window; use -Mode Auto or CatchUp to cover them"
            : null;

    private static DateTime FloorToSecond(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    internal static string Format(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string FormatSpan(TimeSpan span) => span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours)
        ? $"{span.TotalHours:0}h"
        : span.ToString("c", CultureInfo.InvariantCulture);
}
