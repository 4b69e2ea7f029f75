using System.Globalization;

namespace GenieObservability.Engine.Analytics;

/// <summary>
/// What every analytics query is computed over: the moment (<see cref="AsOf"/>, UTC), the window of whole days ending
/// on its date, and the workspaces and spaces it is limited to (empty = all). Becomes the queries' parameters.
/// </summary>
public sealed record AnalyticsWindow
{
    public const int MaxDays = 3650;

    public AnalyticsWindow(DateTimeOffset asOf, int days, IReadOnlyList<string>? workspaceIds = null, IReadOnlyList<string>? spaceIds = null)
    {
        if (days is < 1 or > MaxDays)
        {
            throw new GenieObservabilityException(
                $"-Days must be between 1 and {MaxDays} (it was {days}): the window is that many whole days ending today.",
                "InvalidDays",
                GenieErrorCategory.InvalidArgument);
        }

        AsOf = asOf.ToUniversalTime();
        Days = days;
        WorkspaceIds = Clean(workspaceIds, "workspace");
        SpaceIds = Clean(spaceIds, "space");
    }

    public DateTimeOffset AsOf { get; }

    public int Days { get; }

    public IReadOnlyList<string> WorkspaceIds { get; }

    public IReadOnlyList<string> SpaceIds { get; }

    /// <summary>UTC midnight of the window's first day.</summary>
    public DateTimeOffset Start => new DateTimeOffset(AsOf.UtcDateTime.Date, TimeSpan.Zero).AddDays(1 - Days);

    /// <summary>The window's days, oldest first.</summary>
    public IReadOnlyList<DateOnly> DaysInWindow => Enumerable.Range(0, Days).Select(i => DateOnly.FromDateTime(Start.UtcDateTime).AddDays(i)).ToList();

    /// <summary>The parameters every query may use (a query binds only those it names).</summary>
    public Dictionary<string, object?> Parameters() => new(StringComparer.Ordinal)
    {
        ["as_of"] = AsOf.UtcDateTime,
        ["days_lookback"] = Days,
        ["workspace_id_filter"] = string.Join(',', WorkspaceIds),
        ["space_id_filter"] = string.Join(',', SpaceIds),
    };

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Days} days to {AsOf:u}");

    private static List<string> Clean(IReadOnlyList<string>? ids, string what)
    {
        var cleaned = (ids ?? []).Select(i => i?.Trim() ?? string.Empty).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in cleaned.Where(i => i.Contains(',', StringComparison.Ordinal)))
        {
            throw new GenieObservabilityException($"'{id}' is not a {what} id: give several ids as an array, not one comma-separated string.", "InvalidId", GenieErrorCategory.InvalidArgument);
        }

        return cleaned;
    }
}
