using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Tests.Http;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>The space sync against the emulator over HTTP and an embedded DuckDB file: the last good configuration survives.</summary>
public sealed class SpaceSyncTests : IAsyncLifetime
{
    private const string SpaceA = "01f0aaaa000000000000000000000001";
    private const string SpaceB = "01f0bbbb000000000000000000000002";
    private const string WorkspaceId = "1234567890123456";

    private readonly string _directory = Directory.CreateTempSubdirectory("genie-space-sync-").FullName;
    private ApiTestWorkspace _workspace = null!;
    private DuckDbWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        var spaces = new JsonArray(
            new JsonObject { ["space_id"] = SpaceA, ["title"] = "Sales", ["description"] = "Sales over dev.sales", ["warehouse_id"] = "wh1", ["serialized_space"] = SpaceSamples.SerializedSpace() },
            new JsonObject { ["space_id"] = SpaceB, ["title"] = "../../etc/passwd", ["warehouse_id"] = "wh1", ["serialized_space"] = SpaceSamples.SerializedSpace("Other instruction") });
        _workspace = await ApiTestWorkspace.StartAsync(new JsonObject { ["genie"] = new JsonObject { ["spaces"] = spaces } }.ToJsonString());
        _warehouse = new DuckDbWarehouse(Path.Combine(_directory, "g.duckdb"));
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
        await _warehouse.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS genie_analytics.genie_messages_to_fetch (workspace_id VARCHAR, workspace_name VARCHAR, workspace_url VARCHAR, space_id VARCHAR, conversation_id VARCHAR, message_id VARCHAR, user_email VARCHAR, event_time TIMESTAMP, event_date DATE, action_name VARCHAR, event_count BIGINT)");
        var url = _workspace.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
        foreach (var (space, message) in new[] { (SpaceA, "m1"), (SpaceA, "m2"), (SpaceB, "m3"), ("new", "m4") })
        {
            await _warehouse.ExecuteAsync(
                "INSERT INTO genie_analytics.genie_messages_to_fetch (workspace_id, workspace_url, space_id, message_id) VALUES (:w, :u, :s, :m)",
                new Dictionary<string, object?> { ["w"] = WorkspaceId, ["u"] = url, ["s"] = space, ["m"] = message });
        }
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        await _workspace.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Every_space_of_the_silver_table_is_stored_once_with_its_hash()
    {
        var (details, summary) = await SyncAsync();

        Assert.Equal([SpaceA, SpaceB], details.Select(d => d.SpaceId).Order().ToArray());
        Assert.All(details, d => Assert.Equal(GenieSpaceFetchStatus.Ok, d.FetchStatus));
        Assert.All(details, d => Assert.True(d.ContentChanged));
        Assert.Equal((2, 2, 2), (summary.Spaces, summary.Succeeded, summary.Changed));
        var a = details.Single(d => d.SpaceId == SpaceA);
        Assert.Equal(SpaceContent.From(a).Hash, a.ContentHash);
        Assert.StartsWith("{\n  \"benchmarks\"", a.SerializedSpaceJson, StringComparison.Ordinal);
        Assert.Equal(1, _workspace.CountRequests("GET", "/api/2.0/genie/spaces/" + SpaceA));
        Assert.DoesNotContain(_workspace.Emulator.State.Requests.Entries, r => r.Path.EndsWith("/new", StringComparison.Ordinal));

        var stored = await new SpaceDetailsStore(_warehouse).ReadAsync([(WorkspaceId, SpaceA)], CancellationToken.None);
        Assert.Equal("Sales", stored[(WorkspaceId, SpaceA)].Title);

        var (again, secondSummary) = await SyncAsync();
        Assert.All(again, d => Assert.False(d.ContentChanged));
        Assert.Equal(0, secondSummary.Changed);
    }

    [Theory]
    [InlineData(503, GenieSpaceFetchStatus.Failed)]
    [InlineData(403, GenieSpaceFetchStatus.Forbidden)]
    [InlineData(404, GenieSpaceFetchStatus.NotFound)]
    [InlineData(0, GenieSpaceFetchStatus.Empty)]
    public async Task A_bad_fetch_leaves_the_row_and_the_backup_file_byte_identical(int status, string expected)
    {
        var backups = Path.Combine(_directory, "backups");
        var writer = new SpaceBackupWriter(backups);
        var (first, _) = await SyncAsync();
        var files = first.Select(writer.Write).ToDictionary(r => r.SpaceId, r => r.File!.FullName);
        var fileBytes = File.ReadAllBytes(files[SpaceA]);
        File.SetLastWriteTimeUtc(files[SpaceA], new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var rowBefore = await ReadRowAsync(SpaceA);

        if (status == 0)
        {
            using var empty = JsonDocument.Parse($$"""{ "space_id": "{{SpaceA}}", "serialized_space": "" }""");
            _workspace.Emulator.State.Genie.UpsertSpace(empty.RootElement);
        }
        else
        {
            _workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/spaces/" + SpaceA + "$", Status = status });
        }

        var (second, summary) = await SyncAsync();
        var results = second.Select(writer.Write).ToDictionary(r => r.SpaceId);
        var rowAfter = await ReadRowAsync(SpaceA);

        var detail = second.Single(d => d.SpaceId == SpaceA);
        Assert.Equal(expected, detail.FetchStatus);
        Assert.NotNull(detail.FetchError);
        Assert.Equal("Sales", detail.Title);
        Assert.True(detail.HasContent);
        Assert.Equal(1, summary.Succeeded);
        Assert.Equal(expected, rowAfter["api_fetch_status"]);
        foreach (var column in new[] { "title", "description", "warehouse_id", "serialized_space", "content_hash", "etag", "last_success_at" })
        {
            Assert.Equal(rowBefore[column], rowAfter[column]);
        }

        Assert.False(results[SpaceA].Changed);
        Assert.NotNull(results[SpaceA].SkippedReason);
        Assert.Equal(fileBytes, File.ReadAllBytes(files[SpaceA]));
        Assert.Equal(new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(files[SpaceA]));
    }

    [Fact]
    public async Task Two_syncs_of_an_unchanged_space_give_byte_identical_backups()
    {
        var writer = new SpaceBackupWriter(Path.Combine(_directory, "backups"));
        var (first, _) = await SyncAsync();
        var paths = first.Select(writer.Write).Select(r => r.File!.FullName).ToList();
        var bytes = paths.Select(File.ReadAllBytes).ToList();

        var (second, _) = await SyncAsync();
        var results = second.Select(writer.Write).ToList();

        Assert.All(results, r => Assert.False(r.Changed));
        Assert.Equal(bytes, paths.Select(File.ReadAllBytes).ToList());
        Assert.All(paths, p => Assert.Equal(Path.Combine(_directory, "backups"), Path.GetDirectoryName(p)));
    }

    [Fact]
    public async Task Filters_narrow_the_silver_spaces()
    {
        var targets = await ListAsync(Inventory().FromSilverAsync(null, [SpaceB], CancellationToken.None));

        var only = Assert.Single(targets);
        Assert.Equal((WorkspaceId, SpaceB), (only.WorkspaceId, only.SpaceId));
        Assert.Equal(_workspace.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority), only.WorkspaceUrl!.GetLeftPart(UriPartial.Authority));
    }

    [Theory]
    [InlineData("https://adb-1234567890123456.7.azuredatabricks.net", "1234567890123456")]
    [InlineData("https://dbc-a1b2.cloud.databricks.com", "dbc-a1b2.cloud.databricks.com")]
    [InlineData("http://127.0.0.1:5123", "127.0.0.1:5123")]
    public void A_workspace_id_is_derived_from_the_host_when_missing(string host, string expected)
    {
        Assert.Equal(expected, SpaceSyncTarget.WorkspaceIdFromHost(new Uri(host)));
    }

    [Fact]
    public async Task Every_space_includes_idle_ones_the_silver_table_never_named()
    {
        const string idle = "01f0cccc000000000000000000000003";
        UpsertSpace(new JsonObject { ["space_id"] = idle, ["title"] = "Nobody asks here", ["warehouse_id"] = "wh1", ["serialized_space"] = SpaceSamples.SerializedSpace("Idle") });

        var (details, summary) = await SyncAsync(allSpaces: true);

        Assert.Equal([SpaceA, SpaceB, idle], details.Select(d => d.SpaceId).Order().ToArray());
        Assert.Equal(3, summary.Succeeded);
        var row = await ReadRowAsync(idle);
        Assert.Equal("Nobody asks here", row["title"]);
        Assert.Equal(WorkspaceId, row["workspace_id"]);
    }

    [Fact]
    public async Task The_list_of_spaces_is_read_page_by_page()
    {
        for (var i = 0; i < 130; i++)
        {
            UpsertSpace(new JsonObject { ["space_id"] = $"idle{i:D3}", ["title"] = $"Idle {i}" });
        }

        var targets = await ListAsync(Inventory().EverySpaceAsync(null, null, CancellationToken.None));

        Assert.Equal(132, targets.Select(t => t.SpaceId).Distinct().Count());
        Assert.Equal(2, _workspace.Emulator.State.Requests.Entries.Count(r => r.Method == "GET" && r.Path == "/api/2.0/genie/spaces"));
    }

    [Fact]
    public async Task A_deleted_space_is_marked_once_kept_with_its_last_configuration_and_cleared_when_restored()
    {
        await SyncAsync(allSpaces: true);
        await _workspace.Session.Genie().TrashSpaceAsync(SpaceB, CancellationToken.None);

        var (details, summary) = await SyncAsync(allSpaces: true);
        var deleted = details.Single(d => d.SpaceId == SpaceB);
        var firstMark = (await ReadRowAsync(SpaceB))["deleted_at"];
        await SyncAsync(allSpaces: true);
        var secondMark = (await ReadRowAsync(SpaceB))["deleted_at"];

        Assert.Equal(1, summary.NotFound);
        Assert.True(deleted.IsDeleted);
        Assert.Equal(GenieSpaceFetchStatus.NotFound, deleted.FetchStatus);
        Assert.Contains("Other instruction", deleted.SerializedSpace, StringComparison.Ordinal);
        Assert.NotNull(firstMark);
        Assert.Equal(firstMark, secondMark);
        Assert.Equal("../../etc/passwd", (await ReadRowAsync(SpaceB))["title"]);

        UpsertSpace(new JsonObject { ["space_id"] = SpaceB, ["trashed"] = false });
        await SyncAsync(allSpaces: true);
        Assert.Null((await ReadRowAsync(SpaceB))["deleted_at"]);
    }

    [Fact]
    public async Task A_space_details_table_of_an_earlier_version_is_read_and_then_upgraded_in_place()
    {
        await _warehouse.ExecuteAsync("DROP TABLE genie_analytics.genie_space_details");
        var old = ObservabilityTables.SpaceDetails with { Columns = ObservabilityTables.SpaceDetails.Columns.Where(c => !c.AddedLater).ToList() };
        await _warehouse.ExecuteAsync(ObservabilitySchema.TableDdl(_warehouse.Dialect, _warehouse.Tables, old));
        await _warehouse.ExecuteAsync("INSERT INTO genie_analytics.genie_space_details (workspace_id, space_id, title, api_fetch_status) VALUES ('1', 'old', 'Old', 'OK')");

        var before = await ListAsync(new SpaceDetailsStore(_warehouse).ReadAllAsync(null, null, CancellationToken.None));
        var installed = await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
        var again = await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
        await SyncAsync();

        Assert.Null(Assert.Single(before).DeletedAt);
        var column = Assert.Single(installed, r => r.ObjectType == "Column");
        Assert.Equal(("genie_analytics.genie_space_details.deleted_at", SchemaObjectStatus.Created), (column.Name, column.Status));
        Assert.DoesNotContain(again, r => r.ObjectType == "Column");
        Assert.Equal("Old", (await ReadRowAsync("old", "1"))["title"]);
    }

    [Fact]
    public async Task A_piped_space_without_a_workspace_id_gets_the_one_the_tables_use_for_its_url()
    {
        var known = new SpaceSyncTarget(string.Empty, _workspace.Emulator.BaseAddress, SpaceA);
        var unknown = new SpaceSyncTarget(string.Empty, new Uri("https://adb-987.6.azuredatabricks.net"), SpaceB);
        var given = new SpaceSyncTarget("42", null, SpaceB);

        var targets = await ListAsync(Inventory().WithWorkspaceIdsAsync([known, unknown, given], CancellationToken.None));

        Assert.Equal([WorkspaceId, "987", "42"], targets.Select(t => t.WorkspaceId));
    }

    private SpaceInventory Inventory() => new(_warehouse, host => _workspace.Session.Genie(host), _workspace.Session.Host);

    private void UpsertSpace(JsonObject space)
    {
        using var json = JsonDocument.Parse(space.ToJsonString());
        _workspace.Emulator.State.Genie.UpsertSpace(json.RootElement);
    }

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private async Task<(List<GenieSpaceDetail> Details, GenieSpaceSyncSummary Summary)> SyncAsync(bool allSpaces = false)
    {
        var sync = new SpaceSync(_warehouse, host => _workspace.Session.Genie(host), _workspace.Session.Host) { ThrottleLimit = 3, BatchSize = 1 };
        var targets = allSpaces ? Inventory().EverySpaceAsync(null, null, CancellationToken.None) : Inventory().FromSilverAsync(null, null, CancellationToken.None);
        var details = new List<GenieSpaceDetail>();
        var summary = await sync.RunAsync(targets, d => { lock (details) { details.Add(d); } }, CancellationToken.None);
        return (details, summary);
    }

    private async Task<SqlRow> ReadRowAsync(string spaceId, string workspaceId = WorkspaceId)
    {
        await foreach (var row in _warehouse.QueryAsync(
            "SELECT * FROM genie_analytics.genie_space_details WHERE workspace_id = :w AND space_id = :s",
            new Dictionary<string, object?> { ["w"] = workspaceId, ["s"] = spaceId }))
        {
            return row;
        }

        throw new InvalidOperationException("no row");
    }
}
