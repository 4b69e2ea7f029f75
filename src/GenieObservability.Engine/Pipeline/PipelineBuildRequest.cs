namespace GenieObservability.Engine.Pipeline;

/// <summary>One refresh as an engine sees it: the window, the workspace filter, the refresh's "now" and where to report.</summary>
public sealed record PipelineBuildRequest(RefreshWindow Window, IReadOnlyList<string> WorkspaceIds, DateTime RefreshedAt, IOperationLog Log);
