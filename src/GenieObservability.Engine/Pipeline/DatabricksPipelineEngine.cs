using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Engine.Http;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Runs sql/pipeline.sql as a Lakeflow/SDP pipeline through the Pipelines API (contract §5): GET the pipeline, set
/// the genie.* window keys of its configuration (and the workspace ids when the refresh names some), PUT the whole spec back (with expected_last_modified, so a concurrent edit
/// fails instead of being overwritten), start an update, poll it to COMPLETED, FAILED or CANCELED, and on failure
/// read the update's ERROR events into the exception.
/// </summary>
public sealed class DatabricksPipelineEngine(DatabricksApiClient api, string pipelineId, IWarehouse? countsWarehouse = null, TimeSpan? pollInterval = null) : IPipelineEngine
{
    public const string EngineName = "Databricks";

    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(10);

    private static readonly string[] TerminalStates = ["COMPLETED", "FAILED", "CANCELED"];

    private readonly TimeSpan _pollInterval = pollInterval ?? DefaultPollInterval;

    public string Name => EngineName;

    private string PipelinePath => "/api/2.0/pipelines/" + Uri.EscapeDataString(pipelineId);

    public async Task<PipelineBuildResult> RunAsync(PipelineBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var log = request.Log;
        await ConfigureAsync(PipelineConfiguration.ForWindow(request.Window, request.WorkspaceIds), log, cancellationToken).ConfigureAwait(false);
        var updateId = await StartUpdateAsync(cancellationToken).ConfigureAwait(false);
        log.Verbose($"Started update {updateId} of pipeline {pipelineId}.");
        var state = await PollAsync(updateId, log, cancellationToken).ConfigureAwait(false);
        if (state != "COMPLETED")
        {
            var errors = await ErrorMessagesAsync(updateId, cancellationToken).ConfigureAwait(false);
            var detail = errors.Count > 0 ? string.Join(" | ", errors) : "the pipeline reported no error events";
            throw new PipelineUpdateFailedException($"Update {updateId} of pipeline {pipelineId} ended {state}: {detail}", pipelineId, updateId, state, errors);
        }

        var (bronze, silver) = await CountAsync(log, cancellationToken).ConfigureAwait(false);
        return new PipelineBuildResult(bronze, silver, pipelineId, updateId);
    }

    private async Task ConfigureAsync(IReadOnlyDictionary<string, string> settings, IOperationLog log, CancellationToken cancellationToken)
    {
        var pipelines = new PipelinesApi(api);
        var pipeline = await pipelines.GetAsync(pipelineId, cancellationToken).ConfigureAwait(false);
        var spec = pipeline.Spec;
        if (spec["configuration"] is not JsonObject configuration)
        {
            configuration = [];
            spec["configuration"] = configuration;
        }

        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        // A key the refresh leaves alone (the installed workspace scope) must still be defined.
        foreach (var key in PipelineSource.ConfigurationKeys.Where(k => configuration[k] is null))
        {
            configuration[key] = PipelineConfiguration.DefaultValue(key);
        }

        await pipelines.EditAsync(pipelineId, spec, pipeline.LastModified, cancellationToken).ConfigureAwait(false);
        log.Verbose($"Set {string.Join(", ", settings.Select(s => $"{s.Key}='{s.Value}'"))} on pipeline {pipelineId}.");
    }

    private async Task<string> StartUpdateAsync(CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["cause"] = "API_CALL", ["full_refresh"] = false }.ToJsonString();
        using var started = await api.SendAsync(HttpMethod.Post, PipelinePath + "/updates", body, idempotent: false, cancellationToken).ConfigureAwait(false);
        return started.RootElement.TryGetProperty("update_id", out var id) && id.GetString() is { Length: > 0 } updateId
            ? updateId
            : throw new GenieObservabilityException($"Starting an update of pipeline {pipelineId} returned no update_id.", "PipelineUpdateNotStarted", GenieErrorCategory.InvalidResult);
    }

    private async Task<string> PollAsync(string updateId, IOperationLog log, CancellationToken cancellationToken)
    {
        var path = PipelinePath + "/updates/" + Uri.EscapeDataString(updateId);
        string? previous = null;
        var polls = 0;
        try
        {
            while (true)
            {
                string state;
                using (var update = await api.GetAsync(path, cancellationToken).ConfigureAwait(false))
                {
                    state = update.RootElement.TryGetProperty("update", out var info) && info.TryGetProperty("state", out var s) ? s.GetString() ?? "UNKNOWN" : "UNKNOWN";
                }

                polls++;
                if (state != previous)
                {
                    log.Verbose($"Update {updateId}: {state}.");
                    previous = state;
                }

                log.Progress(new OperationProgress(2, $"Pipeline {pipelineId}", $"Update {updateId}: {state} (poll {polls})", Percent(state)));
                if (TerminalStates.Contains(state))
                {
                    return state;
                }

                await Task.Delay(_pollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            log.Progress(new OperationProgress(2, $"Pipeline {pipelineId}", "Done", 100, Completed: true));
        }
    }

    private static int Percent(string state) => state switch
    {
        "QUEUED" => 5,
        "CREATED" => 10,
        "WAITING_FOR_RESOURCES" => 20,
        "INITIALIZING" => 35,
        "RESETTING" => 40,
        "SETTING_UP_TABLES" => 50,
        "RUNNING" => 70,
        "STOPPING" => 90,
        "COMPLETED" or "FAILED" or "CANCELED" => 100,
        _ => -1,
    };

    /// <summary>The messages of the update's ERROR events, oldest first, with their exceptions' messages.</summary>
    private async Task<List<string>> ErrorMessagesAsync(string updateId, CancellationToken cancellationToken)
    {
        var query = "?filter=" + Uri.EscapeDataString("level='ERROR'") + "&max_results=100";
        using var events = await api.GetAsync(PipelinePath + "/events" + query, cancellationToken).ConfigureAwait(false);
        var messages = new List<string>();
        if (!events.RootElement.TryGetProperty("events", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return messages;
        }

        foreach (var item in list.EnumerateArray().Reverse())
        {
            if (item.TryGetProperty("origin", out var origin) && origin.TryGetProperty("update_id", out var uid) && uid.GetString() != updateId)
            {
                continue;
            }

            var text = item.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (item.TryGetProperty("error", out var error) && error.TryGetProperty("exceptions", out var exceptions) && exceptions.ValueKind == JsonValueKind.Array)
            {
                foreach (var exception in exceptions.EnumerateArray())
                {
                    if (exception.TryGetProperty("message", out var em) && em.GetString() is { Length: > 0 } detail && detail != text)
                    {
                        text = text is null ? detail : $"{text} ({detail})";
                    }
                }
            }

            if (!string.IsNullOrWhiteSpace(text) && !messages.Contains(text))
            {
                messages.Add(text);
            }
        }

        return messages;
    }

    /// <summary>Bronze and silver row counts through the connected SQL warehouse; null (with a warning) when it cannot tell.</summary>
    private async Task<(long?, long?)> CountAsync(IOperationLog log, CancellationToken cancellationToken)
    {
        if (countsWarehouse is null || countsWarehouse.Dialect == SqlDialect.DuckDb)
        {
            return (null, null);
        }

        try
        {
            var tables = countsWarehouse.Tables;
            var sql = $"SELECT (SELECT count(*) FROM {tables.AuditEvents}) AS bronze_rows, (SELECT count(*) FROM {tables.MessagesToFetch}) AS silver_rows";
            await foreach (var row in countsWarehouse.QueryAsync(sql, null, cancellationToken).ConfigureAwait(false))
            {
                return (row.GetCount("bronze_rows"), row.GetCount("silver_rows"));
            }
        }
        catch (GenieObservabilityException ex)
        {
            log.Warning($"The update completed but its tables could not be counted through the connected warehouse: {ex.Message}");
        }

        return (null, null);
    }
}
