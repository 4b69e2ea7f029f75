namespace GenieObservability.Engine.Pipeline;

/// <summary>What the user asked Invoke-GeniePipelineRefresh for; unset numbers take the planner's defaults.</summary>
public sealed record RefreshRequest(
    GeniePipelineMode Mode,
    int? DaysLookback = null,
    int? LookbackMinutes = null,
    TimeSpan? Overlap = null,
    IReadOnlyList<string>? WorkspaceIds = null)
{
    public IReadOnlyList<string> Workspaces => WorkspaceIds ?? [];
}
