namespace GenieObservability.Bench;

/// <summary>One benchmark, selected by its name on the command line.</summary>
internal interface IBenchmark
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken);
}
