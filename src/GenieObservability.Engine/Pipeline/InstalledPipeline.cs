namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// How the product finds the pipeline Install-GeniePipeline made: by its name, which by default carries the
/// catalog.schema it writes, so a later session connected to that warehouse schema finds it without an id.
/// </summary>
public static class InstalledPipeline
{
    /// <summary>The default pipeline name for a catalog and schema.</summary>
    public static string DefaultName(string catalog, string schema) => $"Genie Observability ({catalog}.{schema})";

    /// <summary>
    /// The id of the one pipeline named <paramref name="name"/>, or null when there is none. Several pipelines with the
    /// name are an error that says how to resolve it: the product cannot tell which one is its own.
    /// </summary>
    public static async Task<string?> FindIdAsync(PipelinesApi pipelines, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipelines);
        var ids = new List<string>();
        await foreach (var id in pipelines.FindByNameAsync(name, cancellationToken).ConfigureAwait(false))
        {
            ids.Add(id);
        }

        return ids.Count switch
        {
            0 => null,
            1 => ids[0],
            _ => throw new GenieObservabilityException(
                $"{ids.Count} pipelines are named '{name}' ({string.Join(", ", ids)}): rename or delete the ones that are not the Genie observability pipeline, or pass -PipelineId.",
                "PipelineNameAmbiguous",
                GenieErrorCategory.InvalidOperation),
        };
    }
}
