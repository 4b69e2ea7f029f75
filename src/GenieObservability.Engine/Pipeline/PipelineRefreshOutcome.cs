namespace GenieObservability.Engine.Pipeline;

/// <summary>The recorded run, and the failure that ended it (null when it succeeded).</summary>
public sealed record PipelineRefreshOutcome(GeniePipelineRun Run, Exception? Failure);
