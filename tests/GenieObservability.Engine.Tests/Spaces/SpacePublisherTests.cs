using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Publish;
using GenieObservability.Engine.Tests.Http;
using GenieObservability.Engine.UnityCatalog;
using GenieObservability.Engine.Workspace;

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
        var outcome = await publisher.ApplyAsync(plan, force: false, CancellationToken.None);
        SaveMap(publisher);
        return (plan, outcome.TargetSpaceId!);
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
    public async Task A_configuration_edited_between_plan_and_apply_is_a_conflict_and_nothing_is_written()
    {
        var (_, id) = await PublishAsync(Source());
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(Source("ours"), CancellationToken.None);
        EditTarget(id, SpaceSamples.SerializedSpace("theirs"));

        var outcome = await publisher.ApplyAsync(plan, force: false, CancellationToken.None);

        Assert.Equal(GenieSpacePublishAction.Conflict, outcome.Action);
        Assert.Contains("etag", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _target.CountRequests("PATCH", "/api/2.0/genie/spaces/" + id));
        Assert.Contains("theirs", await TargetConfiguration(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edit_landing_after_the_last_check_is_refused_by_the_etag()
    {
        var (_, id) = await PublishAsync(Source());
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(Source("ours"), CancellationToken.None);
        // Someone saves right after apply's own check: only the etag sent with the PATCH can catch it.
        _target.Emulator.State.Faults.Add(new FaultRule
        {
            Method = "GET",
            PathPattern = "/spaces/" + id + "$",
            Kind = FaultKind.SeedAfterResponse,
            Times = 1,
            Body = new JsonObject { ["genie"] = new JsonObject { ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = id, ["serialized_space"] = SpaceSamples.SerializedSpace("theirs") }) } }.ToJsonString(),
        });

        var outcome = await publisher.ApplyAsync(plan, force: false, CancellationToken.None);

        Assert.Equal(GenieSpacePublishAction.Conflict, outcome.Action);
        Assert.Equal([409], _target.Emulator.State.Requests.Entries.Where(r => r.Method == "PATCH").Select(r => r.Status).ToArray());
        Assert.Contains("theirs", await TargetConfiguration(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_title_edited_between_plan_and_apply_is_a_conflict_although_the_etag_did_not_move()
    {
        var (_, id) = await PublishAsync(Source());
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(Source("ours"), CancellationToken.None);
        using var edit = System.Text.Json.JsonDocument.Parse($$"""{ "space_id": "{{id}}", "title": "Renamed by someone" }""");
        _target.Emulator.State.Genie.UpsertSpace(edit.RootElement);

        var outcome = await publisher.ApplyAsync(plan, force: false, CancellationToken.None);

        Assert.Equal(GenieSpacePublishAction.Conflict, outcome.Action);
        Assert.Contains("title 'Sales' -> 'Renamed by someone'", outcome.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("etag", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Force_overwrites_a_concurrent_edit_without_an_etag()
    {
        var (_, id) = await PublishAsync(Source());
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(Source("ours"), CancellationToken.None);
        EditTarget(id, SpaceSamples.SerializedSpace("theirs"));

        var outcome = await publisher.ApplyAsync(plan, force: true, CancellationToken.None);

        Assert.Equal(GenieSpacePublishAction.Update, outcome.Action);
        Assert.Contains("ours", await TargetConfiguration(id), StringComparison.Ordinal);
        var patch = Assert.Single(_target.Emulator.State.Requests.Entries, r => r.Method == "PATCH");
        Assert.DoesNotContain("etag", patch.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_update_sends_the_etag_the_plan_read()
    {
        var (_, id) = await PublishAsync(Source());
        var publisher = Publisher();
        var plan = await publisher.PlanAsync(Source("ours"), CancellationToken.None);

        var outcome = await publisher.ApplyAsync(plan, force: false, CancellationToken.None);

        Assert.Equal(GenieSpacePublishAction.Update, outcome.Action);
        Assert.False(string.IsNullOrEmpty(plan.TargetEtag));
        var patch = Assert.Single(_target.Emulator.State.Requests.Entries, r => r.Method == "PATCH");
        Assert.Equal(plan.TargetEtag, JsonNode.Parse(patch.Body!)!["etag"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_version_1_source_is_unchanged_once_the_service_migrated_it()
    {
        var v1 = new JsonObject { ["version"] = 1, ["instructions"] = new JsonObject { ["text_instructions"] = new JsonArray(new JsonObject { ["id"] = "01", ["content"] = new JsonArray("Hi") }) } }.ToJsonString();
        var source = SpaceBackupDocument.From(SpaceSamples.Detail(serialized: v1));
        var (_, id) = await PublishAsync(source);
        Assert.Contains("\"version\":2", await TargetConfiguration(id), StringComparison.Ordinal);

        var (plan, _) = await PublishAsync(source);

        Assert.Equal(GenieSpacePublishAction.Unchanged, plan.Action);
    }

    [Fact]
    public async Task The_pre_flight_names_the_tables_the_target_lacks_after_the_catalog_map_and_sends_only_gets()
    {
        await TargetSqlAsync("CREATE SCHEMA main.sales", "CREATE TABLE main.sales.orders (id INT)");
        var publisher = new SpacePublisher(
            _target.Session.Genie(),
            new PublishOptions { WarehouseId = "wh-prod-1", CatalogMap = new CatalogMap([KeyValuePair.Create("dev", "main")]) },
            PublishMap.Load(MapPath),
            new PublishPreflight(new UnityCatalogClient(_target.Api), new WorkspaceObjects(_target.Api)));
        _target.Emulator.State.Requests.Clear();

        var blocked = await publisher.PlanAsync(Source(), CancellationToken.None);
        await TargetSqlAsync("CREATE TABLE main.sales.customers (id INT)");
        var passed = await publisher.PlanAsync(Source(), CancellationToken.None);

        Assert.True(blocked.Preflight.Blocks);
        Assert.Equal(["main.sales.customers"], blocked.Preflight.Missing);
        Assert.Contains("main.sales.customers", blocked.Preflight.Reason, StringComparison.Ordinal);
        Assert.False(passed.Preflight.Blocks);
        Assert.All(_target.Emulator.State.Requests.Entries.Where(r => r.Path.StartsWith("/api/2.1/unity-catalog", StringComparison.Ordinal) || r.Path.StartsWith("/api/2.0/genie", StringComparison.Ordinal)), r => Assert.Equal("GET", r.Method));
        Assert.Equal(4, _target.Emulator.State.Requests.Entries.Count(r => r.Path.StartsWith("/api/2.1/unity-catalog/tables/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_folder_is_reported_by_the_plan_and_made_only_when_the_space_is_written()
    {
        await TargetSqlAsync("CREATE SCHEMA main.sales", "CREATE TABLE main.sales.orders (id INT)", "CREATE TABLE main.sales.customers (id INT)");
        var publisher = new SpacePublisher(
            _target.Session.Genie(),
            new PublishOptions { WarehouseId = "wh-prod-1", CatalogMap = new CatalogMap([KeyValuePair.Create("dev", "main")]), ParentPath = "/Workspace/Shared/genie/sales" },
            PublishMap.Load(MapPath),
            new PublishPreflight(new UnityCatalogClient(_target.Api), new WorkspaceObjects(_target.Api)));

        var plan = await publisher.PlanAsync(Source(), CancellationToken.None);
        Assert.Null(_target.Emulator.State.Workspace.Find("/Shared/genie/sales"));
        var outcome = await publisher.ApplyAsync(plan, force: false, CancellationToken.None);

        Assert.False(plan.Preflight.Blocks);
        Assert.Equal("/Workspace/Shared/genie/sales", plan.Preflight.MissingFolder);
        Assert.True(_target.Emulator.State.Workspace.Find("/Shared/genie/sales")!.IsDirectory);
        var created = await _target.Session.Genie().GetSpaceAsync(outcome.TargetSpaceId!, false, CancellationToken.None);
        Assert.Equal("/Shared/genie/sales", created.ParentPath);
        Assert.Equal(GenieSpacePublishAction.Unchanged, (await publisher.PlanAsync(Source(), CancellationToken.None)).Action);
    }

    private async Task TargetSqlAsync(params string[] statements)
    {
        foreach (var statement in statements)
        {
            using var _ = await _target.Api.SendAsync(HttpMethod.Post, "/api/2.0/sql/statements", new JsonObject { ["warehouse_id"] = "wh-prod-1", ["statement"] = statement, ["wait_timeout"] = "30s" }.ToJsonString(), idempotent: false, CancellationToken.None);
        }
    }

    private void EditTarget(string id, string serializedSpace)
    {
        using var edit = System.Text.Json.JsonDocument.Parse(new JsonObject { ["space_id"] = id, ["serialized_space"] = serializedSpace }.ToJsonString());
        _target.Emulator.State.Genie.UpsertSpace(edit.RootElement);
    }

    private async Task<string> TargetConfiguration(string id) =>
        (await _target.Session.Genie().GetSpaceAsync(id, includeSerializedSpace: true, CancellationToken.None)).SerializedSpace!;

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
