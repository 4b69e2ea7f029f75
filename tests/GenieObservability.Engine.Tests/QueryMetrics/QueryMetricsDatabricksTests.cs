using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.QueryMetrics;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Tests.Http;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.QueryMetrics;

/// <summary>
/// On a Databricks-dialect warehouse (the Statement API against the emulator) the sync first sends the MERGE from
/// system.query.history; the emulator has no system catalog, like an identity without SELECT on it, so the sync warns
/// once and the Query History API fills the table.
/// </summary>
public sealed class QueryMetricsDatabricksTests : IAsyncLifetime
{
    private ApiTestWorkspace _workspace = null!;

    private WorkspaceEmulator Emulator => _workspace.Emulator;

    private WorkspaceSession Session => _workspace.Session;

    public async Task InitializeAsync() => _workspace = await ApiTestWorkspace.StartAsync();

    public async Task DisposeAsync() => await _workspace.DisposeAsync();

    [Fact]
    public async Task The_system_table_merge_is_tried_first_and_the_api_takes_over_without_it()
    {
        await using var warehouse = new StatementApiWarehouse(Session, "wh-1") { WaitTimeout = "0s", PollInterval = TimeSpan.FromMilliseconds(5) };
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None);
        var attachments = new JsonArray(new JsonObject { ["attachment_id"] = "a", ["query"] = new JsonObject { ["statement_id"] = "st-dbx" } }).ToJsonString();
        await warehouse.UpsertAsync(warehouse.Tables.MessageDetails, ["workspace_id", "message_id"], ["workspace_id", "workspace_url", "message_id", "statement_id", "attachments_json"], [["42", Emulator.BaseAddress.GetLeftPart(UriPartial.Authority), "m1", "st-dbx", attachments]]);
        Emulator.State.QueryHistory.Upsert(JsonDocument.Parse("""{"query_id":"st-dbx","status":"FINISHED","duration":77}""").RootElement);
        var log = new RecordingLog();

        var summary = await new QueryMetricsSync(warehouse, host => Session.Api(host), log).RunAsync(new QueryMetricsOptions(), CancellationToken.None);

        Assert.Equal((1, 1, 0L), (summary.Statements, summary.Found, summary.FoundInSystemTable));
        Assert.Contains(log.Warnings, w => w.Contains(SystemQueryHistoryMerge.HistoryTable, StringComparison.Ordinal));
        Assert.Contains(Emulator.State.Requests.Entries, r => r.Path == "/api/2.0/sql/statements" && (r.Body ?? string.Empty).Contains("system.query.history", StringComparison.Ordinal));
        await foreach (var row in warehouse.QueryAsync($"SELECT availability, total_duration_ms FROM {warehouse.Tables.QueryMetrics}"))
        {
            Assert.Equal(("FOUND", 77L), ((string)row[0]!, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
