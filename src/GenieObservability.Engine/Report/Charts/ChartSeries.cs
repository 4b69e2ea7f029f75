namespace GenieObservability.Engine.Report.Charts;

/// <summary>One named series of a chart: a colour and one value per category (day, week, ...).</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<long> Values);
