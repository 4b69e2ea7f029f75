namespace GenieObservability.Engine.Analytics;

/// <summary>What Get-GenieQueryMetric asks for: the window's measured statements, slowest first; empty lists mean "no filter".</summary>
public sealed record QueryMetricQuery
{
    public const int DefaultFirst = 20;

    /// <summary>The statement statuses a filter may name (the final ones of query history).</summary>
    public static IReadOnlyList<string> FinalStatuses { get; } = ["FINISHED", "FAILED", "CANCELED"];

    public required AnalyticsWindow Window { get; init; }

    /// <summary>FINISHED, FAILED, CANCELED (case-insensitive).</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Most rows.</summary>
    public int First { get; init; } = DefaultFirst;
}
