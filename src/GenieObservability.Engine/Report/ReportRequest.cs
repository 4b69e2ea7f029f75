namespace GenieObservability.Engine.Report;

/// <summary>What Export-GenieObservabilityReport asks for.</summary>
public sealed record ReportRequest(string Path, int Days = ReportRequest.DefaultDays)
{
    public const int DefaultDays = 30;

    public const string DefaultTitle = "Genie observability report";

    public IReadOnlyList<string> WorkspaceIds { get; init; } = [];

    public string? Title { get; init; }

    /// <summary>Refuse to replace an existing file (as Export-Csv -NoClobber).</summary>
    public bool NoClobber { get; init; }
}
