using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class SpaceDetailsStoreTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-space-store-").FullName;
    private DuckDbWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        _warehouse = new DuckDbWarehouse(Path.Combine(_directory, "g.duckdb"));
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_failed_fetch_keeps_every_good_column()
    {
        var store = new SpaceDetailsStore(_warehouse);
        var good = SpaceSamples.Detail();
        good.ContentHash = SpaceContent.From(good).Hash;
        good.LastSuccessAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        good.IngestionBatchId = "run-1";
        await store.MergeAsync([good], CancellationToken.None);

        var failed = new GenieSpaceDetail
        {
            WorkspaceId = good.WorkspaceId,
            WorkspaceUrl = good.WorkspaceUrl,
            SpaceId = good.SpaceId,
            FetchStatus = GenieSpaceFetchStatus.Failed,
            FetchError = "SERVER_ERROR 503",
            IngestionBatchId = "run-2",
            IngestionTimestamp = DateTimeOffset.UtcNow,
        };
        await store.MergeAsync([failed], CancellationToken.None);

        var row = (await store.ReadAsync([(good.WorkspaceId, good.SpaceId)], CancellationToken.None))[(good.WorkspaceId, good.SpaceId)];
        Assert.Equal(GenieSpaceFetchStatus.Failed, row.FetchStatus);
        Assert.Equal("SERVER_ERROR 503", row.FetchError);
        Assert.Equal("run-2", row.IngestionBatchId);
        Assert.Equal(good.Title, row.Title);
        Assert.Equal(good.Description, row.Description);
        Assert.Equal(good.WarehouseId, row.WarehouseId);
        Assert.Equal(good.SerializedSpace, row.SerializedSpace);
        Assert.Equal(good.ContentHash, row.ContentHash);
        Assert.Equal(good.LastSuccessAt, row.LastSuccessAt);
    }

    [Fact]
    public async Task A_space_that_never_fetched_well_gets_a_status_only_row()
    {
        var store = new SpaceDetailsStore(_warehouse);
        await store.MergeAsync([new GenieSpaceDetail { WorkspaceId = "1", SpaceId = "s", FetchStatus = GenieSpaceFetchStatus.Forbidden, FetchError = "403" }], CancellationToken.None);

        var rows = new List<GenieSpaceDetail>();
        await foreach (var row in store.ReadAllAsync(["1"], null, CancellationToken.None))
        {
            rows.Add(row);
        }

        var only = Assert.Single(rows);
        Assert.Equal(GenieSpaceFetchStatus.Forbidden, only.FetchStatus);
        Assert.Null(only.SerializedSpace);
        Assert.False(only.HasContent);
    }
}
