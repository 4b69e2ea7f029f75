using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// The Pipelines API (contract §5) calls the product makes besides refreshing: get, create, edit (a whole-spec PUT
/// guarded by expected_last_modified), delete, and a lookup by exact name through the list's name LIKE filter.
/// </summary>
public sealed class PipelinesApi(DatabricksApiClient api)
{
    private const string Base = "/api/2.0/pipelines";

    /// <summary>The largest page the list accepts.</summary>
    private const int MaxListPage = 100;

    public Uri Host => api.Host;

    public async Task<PipelineDefinition> GetAsync(string pipelineId, CancellationToken cancellationToken)
    {
        using var pipeline = await api.GetAsync(PathOf(pipelineId), cancellationToken).ConfigureAwait(false);
        var root = JsonNode.Parse(pipeline.RootElement.GetRawText()) as JsonObject;
        var spec = root?["spec"] as JsonObject
            ?? throw new GenieObservabilityException($"Pipeline {pipelineId} returned no spec; is it a Lakeflow/SDP pipeline?", "PipelineSpecMissing", GenieErrorCategory.InvalidResult);
        long? lastModified = root!["last_modified"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
        return new PipelineDefinition(pipelineId, (string?)root["name"] ?? (string?)spec["name"], (JsonObject)spec.DeepClone(), lastModified);
    }

    /// <summary>The ids of the pipelines named exactly <paramref name="name"/> (the LIKE filter also matches its wildcards; they are filtered out).</summary>
    public async IAsyncEnumerable<string> FindByNameAsync(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ValidateName(name);
        var filter = Uri.EscapeDataString($"name LIKE '{name}'");
        string? pageToken = null;
        do
        {
            var query = $"?filter={filter}&max_results={MaxListPage.ToString(CultureInfo.InvariantCulture)}" + (pageToken is null ? string.Empty : "&page_token=" + Uri.EscapeDataString(pageToken));
            List<string> ids = [];
            using (var page = await api.GetAsync(Base + query, cancellationToken).ConfigureAwait(false))
            {
                if (page.RootElement.TryGetProperty("statuses", out var statuses) && statuses.ValueKind == JsonValueKind.Array)
                {
                    ids.AddRange(statuses.EnumerateArray()
                        .Where(s => s.TryGetProperty("name", out var n) && n.GetString() == name && s.TryGetProperty("pipeline_id", out _))
                        .Select(s => s.GetProperty("pipeline_id").GetString()!));
                }

                pageToken = page.RootElement.TryGetProperty("next_page_token", out var next) && next.GetString() is { Length: > 0 } token ? token : null;
            }

            foreach (var id in ids)
            {
                yield return id;
            }
        }
        while (pageToken is not null);
    }

    /// <summary>Creates a pipeline; returns its id. Not repeated after an ambiguous failure (it could create a second one).</summary>
    public async Task<string> CreateAsync(JsonObject settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var created = await api.SendAsync(HttpMethod.Post, Base, settings.ToJsonString(), idempotent: false, cancellationToken).ConfigureAwait(false);
        return created.RootElement.TryGetProperty("pipeline_id", out var id) && id.GetString() is { Length: > 0 } pipelineId
            ? pipelineId
            : throw new GenieObservabilityException("Creating the pipeline returned no pipeline_id.", "PipelineNotCreated", GenieErrorCategory.InvalidResult);
    }

    /// <summary>
    /// Replaces the pipeline's settings with <paramref name="spec"/> (what it leaves out is reset), failing when they
    /// changed since <paramref name="expectedLastModified"/>.
    /// </summary>
    public async Task EditAsync(string pipelineId, JsonObject spec, long? expectedLastModified, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var body = (JsonObject)spec.DeepClone();
        body["id"] = pipelineId;
        if (expectedLastModified is { } lastModified)
        {
            body["expected_last_modified"] = lastModified;
        }

        // Not idempotent: replaying it after an ambiguous failure would fail on expected_last_modified.
        using var _ = await api.SendAsync(HttpMethod.Put, PathOf(pipelineId), body.ToJsonString(), idempotent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes the pipeline. With <paramref name="cascade"/> false its materialized views and streaming tables stay
    /// (the service default, true, drops them with it).
    /// </summary>
    public async Task DeleteAsync(string pipelineId, bool cascade, CancellationToken cancellationToken)
    {
        var query = "?cascade=" + (cascade ? "true" : "false");
        using var _ = await api.SendAsync(HttpMethod.Delete, PathOf(pipelineId) + query, null, idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A pipeline name the list filter can carry: not empty, no quote, no control character.</summary>
    public static string ValidateName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('\'', StringComparison.Ordinal) || name.Any(char.IsControl) || name != name.Trim())
        {
            throw new GenieObservabilityException(
                $"'{name}' is not a usable pipeline name: give a name without quotes, control characters or leading/trailing spaces.",
                "InvalidPipelineName",
                GenieErrorCategory.InvalidArgument);
        }

        return name;
    }

    private static string PathOf(string pipelineId) => Base + "/" + Uri.EscapeDataString(pipelineId);
}
