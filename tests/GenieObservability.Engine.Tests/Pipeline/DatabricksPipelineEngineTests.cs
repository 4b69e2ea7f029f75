using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Pipeline;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>The Databricks engine against the emulator's Pipelines API over real HTTP.</summary>
public sealed class DatabricksPipelineEngineTests : IAsyncLifetime
{
    private const string Token = "dapi-pipeline-test";
    private const string PipelineId = "pl-genie-1";

    private WorkspaceEmulator _emulator = null!;
    private WorkspaceSession _session = null!;
    private PipelineTestBed _bed = null!;

    public async Task InitializeAsync()
    {
        _emulator = await WorkspaceEmulator.StartAsync();
        _emulator.State.Tokens.AddStaticToken(Token);
        _emulator.State.Pipelines.Add(PipelineId, (JsonObject)JsonNode.Parse("""
            {
              "name": "genie-observability",
              "catalog": "main",
              "schema": "genie_analytics",
              "serverless": true,
              "development": false,
              "channel": "CURRENT",
              "libraries": [ { "file": { "path": "/Workspace/genie/pipeline.sql" } } ],
              "tags": { "team": "platform" },
              "configuration": { "genie.workspace_ids": "111", "spark.custom.setting": "keep-me" }
            }
            """)!);
        _session = new WorkspaceSession(_emulator.BaseAddress, TestTokens.Pat(Token));
        _bed = await PipelineTestBed.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _bed.DisposeAsync();
        _session.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task Sets_the_configuration_keeps_the_rest_of_the_spec_and_polls_the_update_to_completion()
    {
        var outcome = await RefreshAsync(new RefreshRequest(GeniePipelineMode.Incremental, LookbackMinutes: 45, WorkspaceIds: ["123", "456"]));

        Assert.Null(outcome.Failure);
        Assert.Equal("SUCCEEDED", outcome.Run.Status);
        Assert.Equal(DatabricksPipelineEngine.EngineName, outcome.Run.Engine);
        Assert.Equal(PipelineId, outcome.Run.PipelineId);

        var pipeline = _emulator.State.Pipelines.Find(PipelineId)!;
        var spec = pipeline.Spec;
        var configuration = spec["configuration"]!.AsObject();
        Assert.Equal("123,456", (string?)configuration["genie.workspace_ids"]);
        Assert.Equal("45", (string?)configuration["genie.lookback_minutes"]);
        Assert.Equal(outcome.Run.WindowStart.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), (string?)configuration["genie.window_start"]);
        Assert.Equal("keep-me", (string?)configuration["spark.custom.setting"]);
        Assert.Equal("genie-observability", (string?)spec["name"]);
        Assert.Equal("/Workspace/genie/pipeline.sql", (string?)spec["libraries"]![0]!["file"]!["path"]);
        Assert.Equal("platform", (string?)spec["tags"]!["team"]);
        Assert.True((bool)spec["serverless"]!);
        Assert.False(spec.ContainsKey("expected_last_modified"));

        var update = Assert.Single(pipeline.Updates);
        Assert.Equal(outcome.Run.UpdateId, update.UpdateId);
        Assert.Equal("COMPLETED", update.State);
        Assert.Equal("123,456", (string?)update.Config["configuration"]!["genie.workspace_ids"]);

        var states = _bed.Log.Progress.Select(p => p.Status).Where(s => s.StartsWith("Update", StringComparison.Ordinal)).ToList();
        foreach (var state in PipelineStore.Progression)
        {
            Assert.Contains(states, s => s.Contains(": " + state + " ", StringComparison.Ordinal));
        }

        Assert.True(_bed.Log.Progress.Last().Completed);
        var put = _emulator.State.Requests.Entries.Single(r => r.Method == "PUT");
        Assert.Contains(PipelineId, put.Path, StringComparison.Ordinal);
        Assert.Contains("\"expected_last_modified\"", put.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_update_surfaces_its_error_events_and_is_recorded_as_failed()
    {
        _emulator.State.Pipelines.FailNextUpdateWith = ["Table or view not found: system.access.audit", "Flow 'genie_audit_message_events' failed"];

        var outcome = await RefreshAsync(new RefreshRequest(GeniePipelineMode.Auto));

        var failure = Assert.IsType<PipelineUpdateFailedException>(outcome.Failure);
        Assert.Equal("FAILED", failure.State);
        Assert.Equal("PipelineUpdateFailed", failure.ErrorId);
        Assert.Contains("Table or view not found: system.access.audit", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Flow 'genie_audit_message_events' failed", failure.Message, StringComparison.Ordinal);
        Assert.Equal("FAILED", outcome.Run.Status);
        Assert.Equal(failure.UpdateId, outcome.Run.UpdateId);
        var recorded = (await _bed.QueryAsync("SELECT status, error FROM genie_analytics.genie_ingestion_runs")).Single();
        Assert.Equal("FAILED", recorded["status"]);
        Assert.Contains("system.access.audit", (string)recorded["error"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_canceled_update_is_reported_as_canceled()
    {
        _emulator.State.Pipelines.CancelNextUpdate = true;

        var outcome = await RefreshAsync(new RefreshRequest(GeniePipelineMode.Auto));

        var failure = Assert.IsType<PipelineUpdateFailedException>(outcome.Failure);
        Assert.Equal("CANCELED", failure.State);
        Assert.Equal("PipelineUpdateCanceled", failure.ErrorId);
    }

    [Fact]
    public async Task Cancelling_while_polling_records_the_run_as_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        var engine = new DatabricksPipelineEngine(_session.Api(), PipelineId, _bed.Warehouse, TimeSpan.FromSeconds(30));
        var refresher = new PipelineRefresher(new PipelineRunStore(_bed.Warehouse), engine, _bed.Clock);
        var refresh = refresher.RefreshAsync(new RefreshRequest(GeniePipelineMode.Auto), _bed.Log, cancel.Token);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (_emulator.State.Requests.Matching("GET", $"/api/2.0/pipelines/{PipelineId}/updates/").Count == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The engine never polled the update.");
            await Task.Delay(20);
        }

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => refresh);
        var recorded = (await _bed.QueryAsync("SELECT status FROM genie_analytics.genie_ingestion_runs")).Single();
        Assert.Equal("CANCELLED", recorded["status"]);
    }

    [Fact]
    public async Task An_update_already_running_fails_the_refresh_with_the_conflict()
    {
        using var http = Client();
        (await http.PostAsync($"api/2.0/pipelines/{PipelineId}/updates", new StringContent("{}", Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var outcome = await RefreshAsync(new RefreshRequest(GeniePipelineMode.Auto));

        var failure = Assert.IsType<GenieApiException>(outcome.Failure);
        Assert.Equal(409, failure.HttpStatus);
        Assert.Equal("FAILED", outcome.Run.Status);
    }

    [Fact]
    public async Task Without_workspace_ids_the_pipeline_keeps_its_scope_and_a_missing_key_is_defined()
    {
        var pipeline = _emulator.State.Pipelines.Find(PipelineId)!;
        var spec = (JsonObject)pipeline.Spec.DeepClone();
        spec["configuration"] = new JsonObject { ["genie.workspace_ids"] = "111" };
        Assert.True(_emulator.State.Pipelines.Replace(pipeline, spec));

        var outcome = await RefreshAsync(new RefreshRequest(GeniePipelineMode.Incremental, LookbackMinutes: 30));
        _emulator.State.Pipelines.Replace(pipeline, new JsonObject { ["name"] = "no configuration" });
        var second = await RefreshAsync(new RefreshRequest(GeniePipelineMode.Incremental, LookbackMinutes: 30));

        Assert.Null(outcome.Failure);
        Assert.Equal("111", (string?)pipeline.Updates[0].Config["configuration"]!["genie.workspace_ids"]);
        Assert.Null(second.Failure);
        var configuration = pipeline.Spec["configuration"]!.AsObject();
        Assert.Equal(PipelineSource.ConfigurationKeys.Order(StringComparer.Ordinal), configuration.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal(string.Empty, (string?)configuration["genie.workspace_ids"]);
    }

    [Fact]
    public async Task The_emulator_replaces_the_whole_spec_and_rejects_a_stale_expected_last_modified()
    {
        using var http = Client();
        var current = JsonNode.Parse(await http.GetStringAsync($"api/2.0/pipelines/{PipelineId}"))!;
        var lastModified = (long)current["last_modified"]!;

        var replace = await http.PutAsync($"api/2.0/pipelines/{PipelineId}", Json(new JsonObject { ["id"] = PipelineId, ["name"] = "renamed", ["expected_last_modified"] = lastModified }));
        var stale = await http.PutAsync($"api/2.0/pipelines/{PipelineId}", Json(new JsonObject { ["id"] = PipelineId, ["name"] = "again", ["expected_last_modified"] = lastModified }));

        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var spec = _emulator.State.Pipelines.Find(PipelineId)!.Spec;
        Assert.Equal("renamed", (string?)spec["name"]);
        Assert.False(spec.ContainsKey("libraries"));
    }

    private async Task<PipelineRefreshOutcome> RefreshAsync(RefreshRequest request)
    {
        var engine = new DatabricksPipelineEngine(_session.Api(), PipelineId, _bed.Warehouse, TimeSpan.FromMilliseconds(20));
        var refresher = new PipelineRefresher(new PipelineRunStore(_bed.Warehouse), engine, _bed.Clock);
        return await refresher.RefreshAsync(request, _bed.Log, CancellationToken.None);
    }

    private HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = _emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
