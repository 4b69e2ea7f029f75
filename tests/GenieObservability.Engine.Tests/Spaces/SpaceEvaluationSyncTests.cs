using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Spaces.Evaluation;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Tests.Http;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>The evaluation-run sync against the emulator over HTTP and an embedded DuckDB file: finished runs are read once.</summary>
public sealed class SpaceEvaluationSyncTests : IAsyncLifetime
{
    private const string SpaceA = "01f0aaaa000000000000000000000001";
    private const string SpaceB = "01f0bbbb000000000000000000000002";
    private const string WorkspaceId = "1234567890123456";

    private readonly string _directory = Directory.CreateTempSubdirectory("genie-eval-sync-").FullName;
    private ApiTestWorkspace _workspace = null!;
    private DuckDbWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        var spaces = new JsonArray(new JsonObject { ["space_id"] = SpaceA, ["title"] = "Sales" }, new JsonObject { ["space_id"] = SpaceB, ["title"] = "Finance" });
        var runs = new JsonArray(
            Run("run-done", "DONE", 1_763_000_000_000, ("r1", "GOOD"), ("r2", "BAD"), ("r3", "GOOD")),
            Run("run-live", "RUNNING", 1_763_100_000_000, ("r4", null)));
        _workspace = await ApiTestWorkspace.StartAsync(new JsonObject { ["genie"] = new JsonObject { ["spaces"] = spaces, ["evalRuns"] = runs } }.ToJsonString());
        _warehouse = new DuckDbWarehouse(Path.Combine(_directory, "g.duckdb"));
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        await _workspace.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Finished_runs_are_fetched_once_and_a_running_run_until_it_finishes()
    {
        var (runs, summary) = await SyncAsync(SpaceA);

        Assert.Equal(["run-done", "run-live"], runs.Select(r => r.EvalRunId).Order().ToArray());
        var done = runs.Single(r => r.EvalRunId == "run-done");
        Assert.Equal((3L, 2L, 1L), (done.NumQuestions!.Value, done.NumCorrect!.Value, done.NumNeedsReview!.Value));
        Assert.Equal(2.0 / 3, done.Accuracy!.Value, 6);
        Assert.True(done.IsFinished);
        Assert.Equal(3, done.ResultsStored);
        Assert.Null(runs.Single(r => r.EvalRunId == "run-live").Accuracy);
        Assert.Equal((1, 2, 2, 0, 4), (summary.Spaces, summary.RunsListed, summary.RunsStored, summary.RunsSkipped, summary.ResultsStored));

        var results = await RowsAsync("SELECT result_id, assessment, assessment_reasons, manual_assessment, question, benchmark_question_id FROM genie_analytics.genie_space_eval_results ORDER BY result_id");
        Assert.Equal(["r1", "r2", "r3", "r4"], results.Select(r => (string)r["result_id"]!));
        Assert.Equal(["GOOD", "BAD", "GOOD", null], results.Select(r => r["assessment"] as string));
        Assert.Equal("[\"RESULT_MISSING_ROWS\"]", results[1]["assessment_reasons"]);
        Assert.Equal(true, results[1]["manual_assessment"]);
        Assert.Equal("How much for r2?", results[1]["question"]);
        Assert.Equal("bq-r2", results[1]["benchmark_question_id"]);
        Assert.Equal(1, _workspace.CountRequests("GET", $"/api/2.0/genie/spaces/{SpaceA}/eval-runs/run-done/results"));
        Assert.Equal(1, _workspace.CountRequests("GET", $"/api/2.0/genie/spaces/{SpaceA}/eval-runs/run-done/results/r2"));

        // Second sync: the finished run is not read again (not its results, not one detail); the running one is.
        _workspace.Emulator.State.Requests.Clear();
        var (second, secondSummary) = await SyncAsync(SpaceA);
        Assert.Equal(["run-live"], second.Select(r => r.EvalRunId));
        Assert.Equal((2, 1, 1), (secondSummary.RunsListed, secondSummary.RunsStored, secondSummary.RunsSkipped));
        Assert.DoesNotContain(_workspace.Emulator.State.Requests.Entries, e => e.Path.Contains("/eval-runs/run-done", StringComparison.Ordinal));
        Assert.Equal(1, _workspace.CountRequests("GET", $"/api/2.0/genie/spaces/{SpaceA}/eval-runs"));

        // The running run finishes: read once more, then never again; nothing is duplicated.
        _workspace.Emulator.State.GenieEvaluations.Upsert(Json(Run("run-live", "DONE", 1_763_100_000_000, ("r4", "NEEDS_REVIEW"))));
        var (third, _) = await SyncAsync(SpaceA);
        Assert.Equal("DONE", Assert.Single(third).Status);
        _workspace.Emulator.State.Requests.Clear();
        var (fourth, fourthSummary) = await SyncAsync(SpaceA);
        Assert.Empty(fourth);
        Assert.Equal(2, fourthSummary.RunsSkipped);
        Assert.Single(_workspace.Emulator.State.Requests.Entries, e => e.Path.Contains("/eval-runs", StringComparison.Ordinal));
        Assert.Equal(2L, await ScalarAsync("SELECT count(*) FROM genie_analytics.genie_space_eval_runs"));
        Assert.Equal(4L, await ScalarAsync("SELECT count(*) FROM genie_analytics.genie_space_eval_results"));
        Assert.Equal("NEEDS_REVIEW", await ScalarAsync("SELECT assessment FROM genie_analytics.genie_space_eval_results WHERE result_id = 'r4'"));
    }

    [Fact]
    public async Task A_run_whose_results_fail_is_kept_unfinished_and_a_forbidden_space_is_counted_once()
    {
        _workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/eval-runs/run-done/results/r3$", Status = 404, Times = 1 });
        _workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = $"/spaces/{SpaceB}/eval-runs$", Status = 403, Times = 1 });
        var log = new RecordingLog();

        var (runs, summary) = await SyncAsync(log, SpaceA, SpaceB);

        Assert.Equal((2, 1, 1, 1), (summary.Spaces, summary.SpacesFailed, summary.RunsStored, summary.RunsFailed));
        Assert.False(runs.Single(r => r.EvalRunId == "run-done").ResultsStored == 3);
        Assert.Equal(false, await ScalarAsync("SELECT is_finished FROM genie_analytics.genie_space_eval_runs WHERE eval_run_id = 'run-done'"));
        Assert.Single(log.Lines, w => w.StartsWith("WARNING: ", StringComparison.Ordinal) && w.Contains("1 of 2 spaces", StringComparison.Ordinal) && w.Contains("1 runs", StringComparison.Ordinal));

        var (again, _) = await SyncAsync(SpaceA);
        Assert.Equal(3, again.Single(r => r.EvalRunId == "run-done").ResultsStored);
        Assert.Equal(true, await ScalarAsync("SELECT is_finished FROM genie_analytics.genie_space_eval_runs WHERE eval_run_id = 'run-done'"));
    }

    private Task<(List<GenieSpaceEvaluationRun> Runs, GenieSpaceEvaluationSummary Summary)> SyncAsync(params string[] spaces) => SyncAsync(new RecordingLog(), spaces);

    private async Task<(List<GenieSpaceEvaluationRun> Runs, GenieSpaceEvaluationSummary Summary)> SyncAsync(RecordingLog log, params string[] spaces)
    {
        var runs = new List<GenieSpaceEvaluationRun>();
        var sync = new SpaceEvaluationSync(_warehouse, host => _workspace.Session.Genie(host), _workspace.Session.Host, log) { ThrottleLimit = 2 };
        var summary = await sync.RunAsync(Targets(spaces), runs.Add, CancellationToken.None);
        return (runs, summary);
    }

    private async IAsyncEnumerable<SpaceSyncTarget> Targets(string[] spaces)
    {
        foreach (var space in spaces)
        {
            await Task.Yield();
            yield return new SpaceSyncTarget(WorkspaceId, _workspace.Emulator.BaseAddress, space);
        }
    }

    private static JsonObject Run(string id, string status, long created, params (string Id, string? Assessment)[] results)
    {
        var array = new JsonArray();
        foreach (var (resultId, assessment) in results)
        {
            var result = new JsonObject
            {
                ["result_id"] = resultId,
                ["benchmark_question_id"] = "bq-" + resultId,
                ["question"] = $"How much for {resultId}?",
                ["benchmark_answer"] = "SELECT 1",
                ["status"] = assessment is null ? "RUNNING" : "DONE",
                ["created_by_user"] = 4200,
            };
            if (assessment is not null)
            {
                result["assessment"] = assessment;
                result["manual_assessment"] = assessment == "BAD";
                result["assessment_reasons"] = assessment == "BAD" ? new JsonArray("RESULT_MISSING_ROWS") : new JsonArray();
                result["actual_response"] = new JsonArray(new JsonObject { ["response"] = "SELECT 2", ["response_type"] = "SQL" });
            }

            array.Add(result);
        }

        return new JsonObject
        {
            ["space_id"] = SpaceA,
            ["eval_run_id"] = id,
            ["eval_run_status"] = status,
            ["num_questions"] = results.Length,
            ["num_correct"] = results.Count(r => r.Assessment == "GOOD"),
            ["num_needs_review"] = results.Count(r => r.Assessment == "NEEDS_REVIEW") + 1,
            ["num_done"] = results.Count(r => r.Assessment is not null),
            ["run_by_user"] = 4200,
            ["created_timestamp"] = created,
            ["last_updated_timestamp"] = created + 1000,
            ["results"] = array,
        };
    }

    private static JsonElement Json(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    private async Task<object?> ScalarAsync(string sql)
    {
        await foreach (var row in _warehouse.QueryAsync(sql))
        {
            return row[0];
        }

        return null;
    }

    private async Task<List<Dictionary<string, object?>>> RowsAsync(string sql)
    {
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var row in _warehouse.QueryAsync(sql))
        {
            rows.Add(row.Columns.Select((c, i) => (c, v: row[i])).ToDictionary(p => p.c, p => p.v));
        }

        return rows;
    }
}
