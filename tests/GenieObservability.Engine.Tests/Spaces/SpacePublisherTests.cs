using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Publish;
using GenieObservability.Engine.Tests.Http;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>Promotion into a second emulated workspace over HTTP; the request log shows exactly what was written.</summary>
public sealed class SpacePublisherTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-publish-").FullName;
    private ApiTestWorkspace _target = null!;

    public async Task InitializeAsync()
    {
        _target = await ApiTestWorkspace.StartAsync("""{ "warehouses": [ { "id": "wh-prod-1", "name": "Prod SQL" }, { "id": "wh-other", "name": "Other" } ] }""");
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private string MapPath => Path.Combine(_directory, PublishMap.DefaultFileName);

    private static SpaceBackupDocument Source(string instruction = "Revenue is net of refunds.") => SpaceBackupDocument.From(SpaceSamples.Detail(serialized: SpaceSamples.SerializedSpace(instruction)));

    private SpacePublisher Publisher(CatalogMap? catalogs = null, string? warehouse = "wh-prod-1") =>
        new(_target.Session.Genie(), new PublishOptions { WarehouseId = warehouse, CatalogMap = catalogs ?? new CatalogMap([KeyValuePair.Create("dev", "prod")]) }, PublishMap.Load(MapPath));

    private async Task<(PublishPlan Plan, string TargetId)> PublishAsync(SpaceBackupDocument source, SpacePublisher? publisher = null)
    {
        publisher ??= Publisher();
        var plan = await publisher.PlanAsync(source, CancellationToken.None);
        var id = await publisher.ApplyAsync(plan, CancellationToken.None);
        SaveMap(publisher);
        return (plan, id);
    }

    private static void SaveMap(SpacePublisher publisher) => publisher.Map.Save();

    private int Writes() => _target.Emulator.State.Requests.Entries.Count(r => r.Method is "POST" or "PATCH" or "DELETE" && r.Path.StartsWith("/api/", StringComparison.Ordinal));

    [Fact]
    public async Task A_first_publish_creates_the_space_with_catalogs_remapped_everywhere()
    {
        var (plan, id) = await PublishAsync(Source());

        Assert.Equal(GenieSpacePublishAction.Create, plan.Action);
        var created = await _target.Session.Genie().GetSpaceAsync(id, includeSerializedSpace: true, CancellationToken.None);
        Assert.Equal("wh-prod-1", created.WarehouseId);
        Assert.Equal("Sales questions over prod.sales", created.Description);
        var text = created.SerializedSpace!;
        Assert.DoesNotContain("dev.sales", text.Replace("my_dev.sales", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("my_dev.sales", text, StringComparison.Ordinal);
        var node = JsonNode.Parse(text)!;
        Assert.Equal("prod.sales.customers", node["data_sources"]!["tables"]![0]!["identifier"]!.GetValue<string>());
        Assert.Equal("What is in prod.sales.orders?", node["config"]!["sample_questions"]![0]!["question"]![0]!.GetValue<string>());
        Assert.Contains("prod.sales.orders", node["instructions"]!["text_instructions"]![0]!["content"]![2]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("FROM prod.sales.orders", node["instructions"]!["example_question_sqls"]![0]!["sql"]![1]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("SELECT COUNT(*) FROM prod.sales.orders", node["benchmarks"]!["questions"]![0]!["answer"]![0]!["content"]![0]!.GetValue<string>());
        Assert.Equal(id, PublishMap.Load(MapPath).TargetFor(_target.Session.Host, "1234567890", Source().SpaceId));
    }

    [Fact]
    public async Task A_second_publish_of_the_same_source_writes_nothing()
    {
        await PublishAsync(Source());
        var before = Writes();

        var (plan, _) = await PublishAsync(Source());

        Assert.Equal(GenieSpacePublishAction.Unchanged, plan.Action);
        Assert.Empty(plan.Changes);
        Assert.Equal(before, Writes());
    }

    [Fact]
    public async Task A_changed_instruction_is_one_patch_with_a_diff_summary()
    {
        var (_, id) = await PublishAsync(Source());
        var creates = _target.CountRequests("POST", "/api/2.0/genie/spaces");

        var (plan, sameId) = await PublishAsync(Source("Revenue includes refunds."));

        Assert.Equal(GenieSpacePublishAction.Update, plan.Action);
        Assert.Equal(id, sameId);
        Assert.Contains(plan.Changes, c => c.StartsWith("serialized_space: 1 line(s) added, 1 removed", StringComparison.Ordinal));
        Assert.Contains(plan.Changes, c => c.Contains('+', StringComparison.Ordinal) && c.Contains("Revenue includes refunds.", StringComparison.Ordinal));
        Assert.Null(plan.Write.Title);
        Assert.Equal(creates, _target.CountRequests("POST", "/api/2.0/genie/spaces"));
        Assert.Equal(1, _target.CountRequests("PATCH", "/api/2.0/genie/spaces/" + id));
    }

    [Fact]
    public async Task Planning_sends_only_gets()
    {
        await PublishAsync(Source());
        var before = Writes();
        var publisher = Publisher();

        var update = await publisher.PlanAsync(Source("changed"), CancellationToken.None);
        var create = await publisher.PlanAsync(SpaceBackupDocument.From(SpaceSamples.Detail(spaceId: "another")), CancellationToken.None);

        Assert.Equal(GenieSpacePublishAction.Update, update.Action);
        Assert.Equal(GenieSpacePublishAction.Create, create.Action);
        Assert.Equal(before, Writes());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_target_deleted_since_the_last_publish_is_recreated_and_the_map_updated(bool answers403)
    {
        var (_, first) = await PublishAsync(Source());
        await _target.Session.Genie().TrashSpaceAsync(first, CancellationToken.None);
        if (answers403)
        {
            _target.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/spaces/" + first + "$", Status = 403 });
        }

        var (plan, second) = await PublishAsync(Source());

        Assert.Equal(GenieSpacePublishAction.Recreate, plan.Action);
        Assert.NotEqual(first, second);
        Assert.Equal(second, PublishMap.Load(MapPath).TargetFor(_target.Session.Host, "1234567890", Source().SpaceId));
    }

    [Fact]
    public async Task An_etag_moved_after_planning_is_re_read_once()
    {
        var (_, id) = await PublishAsync(Source());
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(Source("changed"), CancellationToken.None);
        using var migration = System.Text.Json.JsonDocument.Parse($$"""{ "space_id": "{{id}}" }""");
        _target.Emulator.State.Genie.UpsertSpace(migration.RootElement);

        await publisher.ApplyAsync(plan, CancellationToken.None);

        var read = await _target.Session.Genie().GetSpaceAsync(id, true, CancellationToken.None);
        Assert.Contains("changed", read.SerializedSpace, StringComparison.Ordinal);
        var patches = _target.Emulator.State.Requests.Entries.Where(r => r.Method == "PATCH").Select(r => r.Status).ToArray();
        Assert.Equal([409, 200], patches);
    }

    [Fact]
    public async Task The_warehouse_is_found_by_name()
    {
        Assert.Equal("wh-prod-1", await SqlWarehouseLookup.ResolveIdAsync(_target.Api, "prod sql", CancellationToken.None));
        var missing = await Assert.ThrowsAsync<GenieObservabilityException>(() => SqlWarehouseLookup.ResolveIdAsync(_target.Api, "Nope", CancellationToken.None));
        Assert.Equal("WarehouseNotFound", missing.ErrorId);
        Assert.Contains("'Prod SQL'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_without_configuration_or_warehouse_is_refused_before_any_call()
    {
        var empty = SpaceBackupDocument.From(SpaceSamples.Detail(serialized: "{}"));
        var noWarehouse = SpaceBackupDocument.From(new GenieSpaceDetail { SpaceId = "x", SerializedSpace = SpaceSamples.SerializedSpace() });

        Assert.Equal("EmptySpaceConfiguration", (await Assert.ThrowsAsync<GenieObservabilityException>(() => Publisher().PlanAsync(empty, CancellationToken.None))).ErrorId);
        Assert.Equal("WarehouseRequired", (await Assert.ThrowsAsync<GenieObservabilityException>(() => Publisher(warehouse: null).PlanAsync(noWarehouse, CancellationToken.None))).ErrorId);
        Assert.DoesNotContain(_target.Emulator.State.Requests.Entries, r => r.Path.StartsWith("/api/", StringComparison.Ordinal));
    }

    [Fact]
    public void Identifier_lists_sorted_in_the_source_stay_sorted_after_a_remap()
    {
        var serialized = new JsonObject
        {
            ["data_sources"] = new JsonObject
            {
                ["tables"] = new JsonArray(
                    new JsonObject { ["identifier"] = "analytics.x.t" },
                    new JsonObject { ["identifier"] = "dev.sales.orders" },
                    new JsonObject { ["identifier"] = "main.y.z" }),
            },
        }.ToJsonString();
        var source = SpaceBackupDocument.From(SpaceSamples.Detail(serialized: serialized));

        var desired = Publisher(new CatalogMap([KeyValuePair.Create("dev", "zeta")])).Desired(source);

        var identifiers = desired.SerializedSpace!["data_sources"]!["tables"]!.AsArray().Select(t => t!["identifier"]!.GetValue<string>()).ToArray();
        Assert.Equal(["analytics.x.t", "main.y.z", "zeta.sales.orders"], identifiers);
    }
}
