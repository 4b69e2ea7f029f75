namespace GenieObservability.Engine.Pipeline;

/// <summary>Rebuilds bronze, silver, gold and validation for one audit window.</summary>
public interface IPipelineEngine
{
    /// <summary>Embedded or Databricks.</summary>
    string Name { get; }

    /// <summary>
    /// Builds the tables; throws <see cref="GenieObservabilityException"/> when the refresh fails. The result names
    /// what was built so the run record can say so.
    /// </summary>
    Task<PipelineBuildResult> RunAsync(PipelineBuildRequest request, CancellationToken cancellationToken);
}
