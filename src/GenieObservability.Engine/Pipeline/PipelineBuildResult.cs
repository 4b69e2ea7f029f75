namespace GenieObservability.Engine.Pipeline;

/// <summary>What an engine built: row counts when it could count them, and the Databricks pipeline update it ran.</summary>
public sealed record PipelineBuildResult(long? BronzeRows, long? SilverRows, string? PipelineId = null, string? UpdateId = null);
