using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Emulator;

/// <summary>
/// Evaluation runs of Genie spaces and their per-question results (databricks-sdk-go v0.175.0 GenieEvalRunResponse,
/// GenieEvalResult, GenieEvalResultDetails). A run is seeded with its "results"; the list of results gives the summary
/// fields, the single result the details (assessment, reasons, responses). Thread-safe.
/// </summary>
public sealed class GenieEvalStore
{
    private static readonly string[] RunFields = ["eval_run_id", "eval_run_status", "num_questions", "num_correct", "num_needs_review", "num_done", "run_by_user", "created_timestamp", "last_updated_timestamp"];
    private static readonly string[] ResultListFields = ["result_id", "space_id", "benchmark_question_id", "status", "question", "benchmark_answer", "created_by_user"];
    private static readonly string[] ResultDetailFields = ["result_id", "space_id", "benchmark_question_id", "assessment", "assessment_reasons", "manual_assessment", "actual_response", "expected_response"];

    private readonly object _gate = new();
    private readonly List<Run> _runs = [];

    /// <summary>Seed key genie.evalRuns: runs with space_id, the run fields and a "results" array.</summary>
    public void LoadSeed(JsonElement seed)
    {
        if (seed.TryGetProperty("genie", out var genie) && genie.ValueKind == JsonValueKind.Object
            && genie.TryGetProperty("evalRuns", out var runs) && runs.ValueKind == JsonValueKind.Array)
        {
            foreach (var run in runs.EnumerateArray())
            {
                Upsert(run);
            }
        }
    }

    /// <summary>Adds or replaces a run (by space_id and eval_run_id) with the results it carries.</summary>
    public JsonObject Upsert(JsonElement json)
    {
        var node = JsonNode.Parse(json.GetRawText())!.AsObject();
        var spaceId = (string?)node["space_id"] ?? throw new ArgumentException("An evaluation run needs space_id.");
        var runId = (string?)node["eval_run_id"] ?? NewId();
        node["eval_run_id"] = runId;
        var results = node["results"] is JsonArray array ? array.Select(r => r!.AsObject()).ToList() : [];
        foreach (var result in results)
        {
            result["result_id"] ??= NewId();
            result["space_id"] ??= spaceId;
        }

        node.Remove("results");
        node.Remove("space_id");
        lock (_gate)
        {
            var run = _runs.FirstOrDefault(r => r.SpaceId == spaceId && r.RunId == runId);
            if (run is null)
            {
                run = new Run(spaceId, runId);
                _runs.Add(run);
            }

            run.Json = node;
            run.Results = results;
            return Pick(node, RunFields);
        }
    }

    /// <summary>POST /eval-runs: a new run of the given benchmark questions (all of them when none are given), RUNNING.</summary>
    public JsonObject Create(string spaceId, IReadOnlyList<string> benchmarkQuestionIds)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var run = new JsonObject
        {
            ["space_id"] = spaceId,
            ["eval_run_status"] = "RUNNING",
            ["num_questions"] = benchmarkQuestionIds.Count,
            ["num_done"] = 0,
            ["num_correct"] = 0,
            ["num_needs_review"] = 0,
            ["created_timestamp"] = now,
            ["last_updated_timestamp"] = now,
            ["results"] = new JsonArray(benchmarkQuestionIds.Select(id => (JsonNode)new JsonObject { ["benchmark_question_id"] = id, ["status"] = "NOT_STARTED" }).ToArray()),
        };
        return Upsert(JsonDocument.Parse(run.ToJsonString()).RootElement);
    }

    public IReadOnlyList<JsonObject> ListRuns(string spaceId)
    {
        lock (_gate)
        {
            return _runs.Where(r => r.SpaceId == spaceId).OrderByDescending(r => (long?)r.Json["created_timestamp"] ?? 0).Select(r => Pick(r.Json, RunFields)).ToArray();
        }
    }

    public JsonObject? GetRun(string spaceId, string runId)
    {
        lock (_gate)
        {
            return Find(spaceId, runId) is { } run ? Pick(run.Json, RunFields) : null;
        }
    }

    /// <summary>Null when the run does not exist.</summary>
    public IReadOnlyList<JsonObject>? ListResults(string spaceId, string runId)
    {
        lock (_gate)
        {
            return Find(spaceId, runId)?.Results.Select(r => Pick(r, ResultListFields)).ToArray();
        }
    }

    public JsonObject? GetResult(string spaceId, string runId, string resultId)
    {
        lock (_gate)
        {
            var run = Find(spaceId, runId);
            var result = run?.Results.FirstOrDefault(r => (string?)r["result_id"] == resultId);
            if (result is null)
            {
                return null;
            }

            var details = Pick(result, ResultDetailFields);
            if (run!.Json["eval_run_status"] is { } status)
            {
                details["eval_run_status"] = status.DeepClone();
            }

            return details;
        }
    }

    private Run? Find(string spaceId, string runId) => _runs.FirstOrDefault(r => r.SpaceId == spaceId && r.RunId == runId);

    private static JsonObject Pick(JsonObject source, string[] fields)
    {
        var picked = new JsonObject();
        foreach (var field in fields)
        {
            if (source[field] is { } value)
            {
                picked[field] = value.DeepClone();
            }
        }

        return picked;
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private sealed class Run(string spaceId, string runId)
    {
        public string SpaceId { get; } = spaceId;

        public string RunId { get; } = runId;

        public JsonObject Json { get; set; } = [];

        public List<JsonObject> Results { get; set; } = [];
    }
}
