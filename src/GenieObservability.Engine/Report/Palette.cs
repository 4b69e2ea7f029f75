namespace GenieObservability.Engine.Report;

/// <summary>
/// The Okabe–Ito colour-blind-safe palette; a chart never uses more than eight colours, and colour never carries
/// meaning alone (every mark has a label, a title or a pattern).
/// </summary>
public static class Palette
{
    public static IReadOnlyList<string> Categorical { get; } = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];

    /// <summary>"Other" in a stacked chart: neutral grey, readable in light and dark mode.</summary>
    public const string Other = "#999999";

    /// <summary>Outcome colours, each paired with its label (and failed with a hatch pattern).</summary>
    public static IReadOnlyList<(string Key, string Label, string Color, string? Pattern)> Outcomes { get; } =
    [
        ("answered_sql", "Answered with SQL", "#009E73", null),
        ("answered_text", "Answered with text only", "#56B4E9", null),
        ("failed", "Failed", "#D55E00", "hatch"),
        ("cancelled", "Cancelled", "#E69F00", "dots"),
        ("pending", "Still pending", "#999999", null),
    ];

    /// <summary>Final statuses of a measured SQL statement, coloured like the outcomes they resemble (failed hatched, canceled dotted).</summary>
    public static IReadOnlyList<(string Key, string Label, string Color, string? Pattern)> StatementStatuses { get; } =
    [
        ("finished", "Finished", "#009E73", null),
        ("failed", "Failed", "#D55E00", "hatch"),
        ("canceled", "Canceled", "#E69F00", "dots"),
    ];
}
