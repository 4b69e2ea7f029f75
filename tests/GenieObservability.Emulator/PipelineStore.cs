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
    private readonly List<(string PipelineId, bool Cascade)> _deleted = [];
    private long _clock = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Error messages the next update of any pipeline fails with (after reaching RUNNING); empty = it completes.</summary>
    public IReadOnlyList<string> FailNextUpdateWith { get; set; } = [];

    /// <summary>When set, the next update ends CANCELED instead of COMPLETED.</summary>
    public bool CancelNextUpdate { get; set; }

    /// <summary>When set, the next update has finished by its first GET (a client polling every 10 s need not wait).</summary>
    public bool FinishNextUpdateAtOnce { get; set; }

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

    /// <summary>The deletions so far, with the cascade flag each was sent with (true when the request left it out).</summary>
    public IReadOnlyList<(string PipelineId, bool Cascade)> Deleted
    {
        get
        {
            lock (_gate)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>
    /// Creates a pipeline from a CreatePipeline body (request-only fields removed, the service's defaults for channel
    /// and edition added). Fails as the service does on a name another pipeline has, unless allow_duplicate_names.
    /// </summary>
    public PipelineRecord Create(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var spec = SpecOf(body, out var allowDuplicateNames);
        lock (_gate)
        {
            RequireUniqueName(spec, null, allowDuplicateNames);
            var id = Guid.NewGuid().ToString();
            spec["id"] = id;
            spec["channel"] ??= "CURRENT";
            spec["edition"] ??= "ADVANCED";
            var record = new PipelineRecord(id, spec, Tick());
            _pipelines[id] = record;
            return record;
        }
    }

    /// <summary>The spec a create request would give, without creating anything (dry_run).</summary>
    public static JsonObject EffectiveSettings(JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var spec = SpecOf(body, out _);
        spec["channel"] ??= "CURRENT";
        spec["edition"] ??= "ADVANCED";
        return spec;
    }

    /// <summary>Pipelines matching a list filter (name LIKE 'pattern' or notebook='path'), ordered by id or name.</summary>
    public IReadOnlyList<PipelineRecord> List(Func<PipelineRecord, bool> filter, bool byName, bool descending)
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var matching = _pipelines.Values.Where(filter);
            var ordered = byName ? matching.OrderBy(p => (string?)p.Spec["name"], StringComparer.Ordinal).ThenBy(p => p.Id, StringComparer.Ordinal) : matching.OrderBy(p => p.Id, StringComparer.Ordinal);
            return descending ? ordered.Reverse().ToList() : ordered.ToList();
        }
    }

    public bool Delete(string pipelineId, bool cascade)
    {
        lock (_gate)
        {
            if (!_pipelines.Remove(pipelineId))
            {
                return false;
            }

            _deleted.Add((pipelineId, cascade));
            return true;
        }
    }

    /// <summary>
    /// Replaces the whole spec with an EditPipeline body (fields the caller left out are gone). False when
    /// expected_last_modified is stale; fails as the service does on a rename to a name another pipeline has.
    /// </summary>
    public bool Replace(PipelineRecord pipeline, JsonObject body)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        long? expected = body["expected_last_modified"] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;
        var spec = SpecOf(body, out var allowDuplicateNames);
        spec["id"] = pipeline.Id;
        lock (_gate)
        {
            if (expected is { } stale && stale != pipeline.LastModified)
            {
                return false;
            }

            if ((string?)spec["name"] != (string?)pipeline.Spec["name"])
            {
                RequireUniqueName(spec, pipeline.Id, allowDuplicateNames);
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
            var atOnce = FinishNextUpdateAtOnce;
            FailNextUpdateWith = [];
            CancelNextUpdate = false;
            FinishNextUpdateAtOnce = false;
            pipeline.Updates.Add(update);
            pipeline.AddEvent(update, "INFO", "create_update", $"Update {update.UpdateId[..6]} started by {cause}.", null, Tick());
            while (atOnce && !update.IsTerminal)
            {
                Advance(pipeline, update);
            }

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

    /// <summary>The settings part of a create or edit body: request-only fields removed, schema and target checked.</summary>
    private static JsonObject SpecOf(JsonObject body, out bool allowDuplicateNames)
    {
        var spec = (JsonObject)body.DeepClone();
        allowDuplicateNames = spec["allow_duplicate_names"] is JsonValue allow && allow.GetValue<bool>();
        foreach (var requestOnly in (string[])["allow_duplicate_names", "expected_last_modified", "dry_run", "run_as", "pipeline_id"])
        {
            spec.Remove(requestOnly);
        }

        if (spec.ContainsKey("schema") && spec.ContainsKey("target"))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "Only one of schema and target can be set.");
        }

        if (((string?)spec["schema"] ?? (string?)spec["target"]) is { } schema && schema.Contains('.', StringComparison.Ordinal))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"Schema name \"{schema}\" is not a valid name: give the catalog in the catalog field.");
        }

        return spec;
    }

    // The message is the service's; its status and error_code are not documented. [UNCONFIRMED]
    private void RequireUniqueName(JsonObject spec, string? self, bool allowDuplicateNames)
    {
        if (allowDuplicateNames || (string?)spec["name"] is not { } name)
        {
            return;
        }

        if (_pipelines.Values.Any(p => p.Id != self && (string?)p.Spec["name"] == name))
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", $"The pipeline name '{name}' is already used by another pipeline. This check can be skipped by setting `allow_duplicate_names = true` in the request.");
        }
    }
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
