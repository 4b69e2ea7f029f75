namespace GenieObservability.Bench;

/// <summary>Selects <see cref="PipelineRefreshBench"/> by name: audit import and refresh at scale.</summary>
internal sealed class PipelineBenchmark : IBenchmark
{
    public string Name => "pipeline";

    public string Description => "audit import + Initial/Auto refresh on DuckDB: [--rows 1000000] [--days 90]";

    public Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        PipelineRefreshBench.RunAsync([.. arguments]);
}
