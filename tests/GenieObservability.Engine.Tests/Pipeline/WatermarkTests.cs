using GenieObservability.Engine.Pipeline;
using static GenieObservability.Engine.Tests.Pipeline.PipelineTestBed;

namespace GenieObservability.Engine.Tests.Pipeline;

public sealed class WatermarkTests
{
    private static readonly string[] RunColumns = ["run_id", "run_type", "status", "started_at", "finished_at"];

    [Fact]
    public async Task A_refresh_whose_messages_no_ingestion_took_up_is_read_again_by_the_next_Auto_run()
    {
        await using var bed = await CreateAsync();
        var first = await bed.RefreshAsync(GeniePipelineMode.Auto);
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await RecordIngestionAsync(bed, "SUCCEEDED");

        bed.Clock.Advance(TimeSpan.FromDays(1));
        var second = await bed.RefreshAsync(GeniePipelineMode.Auto);
        Assert.Equal(first.WindowEnd - LoadModePlanner.DefaultOverlap, second.WindowStart);

        // The ingestion after the second refresh crashed: its silver rows were never read.
        bed.Clock.Advance(TimeSpan.FromMinutes(1));
        await RecordIngestionAsync(bed, "FAILED");
        bed.Clock.Advance(TimeSpan.FromDays(1));
        var third = await bed.RefreshAsync(GeniePipelineMode.Auto);

        Assert.Equal(second.WindowStart, third.WindowStart);
    }

    [Fact]
    public async Task A_failed_refresh_does_not_move_the_watermark()
    {
        await using var bed = await CreateAsync();
        var first = await bed.RefreshAsync(GeniePipelineMode.Auto);
        bed.Clock.Advance(TimeSpan.FromHours(1));
        await bed.Warehouse.ExecuteAsync("DROP TABLE genie_analytics.workspaces");
        await bed.Warehouse.ExecuteAsync("CREATE TABLE genie_analytics.workspaces (workspace_id INTEGER)");

        var refresher = new PipelineRefresher(new PipelineRunStore(bed.Warehouse), new EmbeddedPipelineEngine(bed.Warehouse), bed.Clock);
        var failed = await refresher.RefreshAsync(new RefreshRequest(GeniePipelineMode.Auto), bed.Log, CancellationToken.None);
        Assert.NotNull(failed.Failure);
        Assert.Equal("FAILED", failed.Run.State);

        await bed.Warehouse.ExecuteAsync("DROP TABLE genie_analytics.workspaces");
        bed.Clock.Advance(TimeSpan.FromHours(1));
        var next = await bed.RefreshAsync(GeniePipelineMode.Auto);

        Assert.Equal(first.WindowEnd - LoadModePlanner.DefaultOverlap, next.WindowStart);
        var states = (await bed.QueryAsync("SELECT status FROM genie_analytics.genie_ingestion_runs ORDER BY started_at")).Select(r => r["status"]);
        Assert.Equal(["SUCCEEDED", "FAILED", "SUCCEEDED"], states);
    }

    private static async Task RecordIngestionAsync(PipelineTestBed bed, string status) =>
        await bed.Warehouse.UpsertAsync(bed.Warehouse.Tables.IngestionRuns, ["run_id"], RunColumns,
            [[Guid.NewGuid().ToString(), PipelineRunStore.MessageIngestionRunType, status, bed.Clock.UtcNow, bed.Clock.UtcNow]]);
}
