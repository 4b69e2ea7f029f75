using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Emulator;

/// <summary>
/// Lakeflow/SDP pipelines of the emulated workspace (contract §5): specs, updates whose state advances one step per
/// GET, and the event log. Tests seed pipelines (top-level "pipelines" key) and say how the next updates end.
/// </summary>
public sealed class PipelineStore
{
    /// <summary>The states a successful update passes through, one per GET of the update.</summary>
    public static readonly string[] Progression = ["QUEUED", "CREATED", "WAITING_FOR_RESOURCES", "INITIALIZING", "SETTING_UP_TABLES", "RUNNING", "COMPLETED"];

    private readonly object _gate = new();
    private readonly Dictionary<string, PipelineRecord> _pipelines = new(StringComparer.Ordinal);
    private long _clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Error messages the next update of any pipeline fails with (after reaching RUNNING); empty = it completes.</summary>
    public IReadOnlyList<string> FailNextUpdateWith { get; set; } = [];

    /// <summary>When set, the next update ends CANCELED instead of COMPLETED.</summary>
    public bool CancelNextUpdate { get; set; }

    public void Add(string pipelineId, JsonObject spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_gate)
        {
            spec["id"] = pipelineId;
            _pipelines[pipelineId] = new PipelineRecord(pipelineId, spec, Tick());
        }
    }

    public void LoadSeed(JsonElement seed)
    {
        if (!seed.TryGetProperty("pipelines", out var pipelines))
        {
            return;
        }

        foreach (var pipeline in pipelines.EnumerateArray())
        {
            var id = pipeline.GetProperty("pipeline_id").GetString()!;
            var spec = pipeline.TryGetProperty("spec", out var s) ? (JsonObject)JsonNode.Parse(s.GetRawText())! : new JsonObject();
            Add(id, spec);
        }
    }

    public PipelineRecord? Find(string pipelineId)
    {
        lock (_gate)
        {
            return _pipelines.GetValueOrDefault(pipelineId);
        }
    }

    /// <summary>Replaces the whole spec (fields the caller left out are gone). False when expected_last_modified is stale.</summary>
    public bool Replace(PipelineRecord pipeline, JsonObject spec, long? expectedLastModified)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        lock (_gate)
        {
            if (expectedLastModified is { } expected && expected != pipeline.LastModified)
            {
                return false;
            }

            pipeline.Spec = spec;
            pipeline.LastModified = Tick();
            return true;
        }
    }

    /// <summary>Starts an update; null when one is still active.</summary>
    public UpdateRecord? Start(PipelineRecord pipeline, string cause, bool fullRefresh)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        lock (_gate)
        {
            if (pipeline.Updates.Any(u => !u.IsTerminal))
            {
                return null;
            }

            var update = new UpdateRecord(Guid.NewGuid().ToString(), pipeline.Id, cause, fullRefresh, (JsonObject)pipeline.Spec.DeepClone(), Tick(), FailNextUpdateWith, CancelNextUpdate);
            FailNextUpdateWith = [];
            CancelNextUpdate = false;
            pipeline.Updates.Add(update);
            pipeline.AddEvent(update, "INFO", "create_update", $"Update {update.UpdateId[..6]} started by {cause}.", null, Tick());
            return update;
        }
    }

    /// <summary>Moves the update one state on (as if time passed between polls) and returns its state.</summary>
    public string Advance(PipelineRecord pipeline, UpdateRecord update)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(update);
        lock (_gate)
        {
            if (update.IsTerminal)
            {
                return update.State;
            }

            var next = Array.IndexOf(Progression, update.State) + 1;
            var state = Progression[next];
            if (state == "COMPLETED" && update.FailWith.Count > 0)
            {
                state = "FAILED";
                foreach (var message in update.FailWith)
                {
                    pipeline.AddEvent(update, "ERROR", "flow_progress", message, message, Tick());
                }
            }
            else if (state == "COMPLETED" && update.Cancel)
            {
                state = "CANCELED";
            }

            update.State = state;
            pipeline.AddEvent(update, state == "FAILED" ? "ERROR" : "INFO", "update_progress", $"Update {update.UpdateId[..6]} is {state}.", state == "FAILED" ? "Update failed." : null, Tick());
            return state;
        }
    }

    private long Tick() => Interlocked.Increment(ref _clock);
}

public sealed class PipelineRecord(string id, JsonObject spec, long lastModified)
{
    public string Id { get; } = id;

    public JsonObject Spec { get; set; } = spec;

    public long LastModified { get; set; } = lastModified;

    public List<UpdateRecord> Updates { get; } = [];

    public List<JsonObject> Events { get; } = [];

    internal void AddEvent(UpdateRecord update, string level, string eventType, string message, string? exception, long timestamp)
    {
        var node = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["timestamp"] = DateTimeOffset.FromUnixTimeMilliseconds(timestamp).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            ["level"] = level,
            ["event_type"] = eventType,
            ["message"] = message,
            ["origin"] = new JsonObject { ["pipeline_id"] = Id, ["update_id"] = update.UpdateId },
        };
        if (exception is not null)
        {
            node["error"] = new JsonObject
            {
                ["fatal"] = true,
                ["exceptions"] = new JsonArray(new JsonObject { ["class_name"] = "org.apache.spark.sql.AnalysisException", ["message"] = exception }),
            };
        }

        Events.Add(node);
    }
}

public sealed class UpdateRecord(string updateId, string pipelineId, string cause, bool fullRefresh, JsonObject config, long creationTime, IReadOnlyList<string> failWith, bool cancel)
{
    public string UpdateId { get; } = updateId;

    public string PipelineId { get; } = pipelineId;

    public string Cause { get; } = cause;

    public bool FullRefresh { get; } = fullRefresh;

    /// <summary>The spec the update runs with (its configuration is what the test checks).</summary>
    public JsonObject Config { get; } = config;

    public long CreationTime { get; } = creationTime;

    public IReadOnlyList<string> FailWith { get; } = failWith;

    public bool Cancel { get; } = cancel;

    public string State { get; set; } = "QUEUED";

    public bool IsTerminal => State is "COMPLETED" or "FAILED" or "CANCELED";
}
