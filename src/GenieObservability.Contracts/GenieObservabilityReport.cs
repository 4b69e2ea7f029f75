namespace GenieObservability;

/// <summary>What Export-GenieObservabilityReport wrote: the file and the headline figures it shows.</summary>
public sealed class GenieObservabilityReport
{
    /// <summary>Full path of the HTML file.</summary>
    public string Path { get; set; } = string.Empty;

    public string Title { get; set; } = string.Empty;

    /// <summary>The moment the figures were computed at (UTC).</summary>
    public DateTimeOffset AsOf { get; set; }

    public int Days { get; set; }

    /// <summary>First instant of the window (UTC midnight, Days - 1 days before AsOf's date).</summary>
    public DateTimeOffset WindowStart { get; set; }

    /// <summary>Workspaces the report was limited to; empty = all.</summary>
    public IReadOnlyList<string> WorkspaceIds { get; set; } = [];

    public long Questions { get; set; }

    /// <summary>Active users: distinct users who asked at least one question in the window.</summary>
    public long Users { get; set; }

    public long ActiveSpaces { get; set; }

    /// <summary>0..1; null when no question has an outcome yet.</summary>
    public double? AnswerRate { get; set; }

    /// <summary>Share of rated answers that are positive, 0..1; null when nothing was rated.</summary>
    public double? Satisfaction { get; set; }

    /// <summary>Share of the latest refresh window's messages that are stored, 0..1; null before the first refresh.</summary>
    public double? FetchCoverage { get; set; }

    public DateTimeOffset? LastIngestionAt { get; set; }

    public DateTimeOffset? LatestQuestionAt { get; set; }

    /// <summary>True when the warehouse holds no question at all (the report says so instead of drawing charts).</summary>
    public bool IsEmpty { get; set; }

    public long Bytes { get; set; }

    public override string ToString() => Path;
}
