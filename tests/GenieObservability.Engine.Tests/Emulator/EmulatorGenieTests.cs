using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;

namespace GenieObservability.Engine.Tests.Emulator;

public class EmulatorGenieTests
{
    private const string Token = "dapi-emulator-genie";

    [Fact]
    public async Task List_conversations_pages_by_20_by_default_and_at_most_100()
    {
        await using var emulator = await StartAsync(new JsonObject
        {
            ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = "s1" }),
            ["conversations"] = new JsonArray(Enumerable.Range(0, 150).Select(i => (JsonNode)new JsonObject { ["space_id"] = "s1", ["conversation_id"] = $"c{i}" }).ToArray()),
        });
        using var http = Client(emulator);

        using var first = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1/conversations"));
        using var big = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1/conversations?page_size=500"));
        var token = big.RootElement.GetProperty("next_page_token").GetString();
        using var last = JsonDocument.Parse(await http.GetStringAsync($"api/2.0/genie/spaces/s1/conversations?page_size=500&page_token={token}"));

        Assert.Equal(20, first.RootElement.GetProperty("conversations").GetArrayLength());
        Assert.Equal(100, big.RootElement.GetProperty("conversations").GetArrayLength());
        Assert.Equal(50, last.RootElement.GetProperty("conversations").GetArrayLength());
        Assert.False(last.RootElement.TryGetProperty("next_page_token", out _));
        using var bad = await http.GetAsync("api/2.0/genie/spaces/s1/conversations?page_token=garbage");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task A_message_upserted_through_the_control_route_replaces_the_stored_one()
    {
        await using var emulator = await StartAsync(new JsonObject
        {
            ["messages"] = new JsonArray(new JsonObject { ["space_id"] = "s1", ["conversation_id"] = "c1", ["message_id"] = "m1", ["status"] = "EXECUTING_QUERY" }),
        });
        using var http = Client(emulator);

        using var upsert = await http.PostAsync("_emulator/genie/messages", new StringContent("""[{ "space_id": "s1", "conversation_id": "c1", "message_id": "m1", "status": "COMPLETED" }]""", Encoding.UTF8, "application/json"));
        using var message = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1/conversations/c1/messages/m1"));

        Assert.Equal(HttpStatusCode.OK, upsert.StatusCode);
        Assert.Equal("COMPLETED", message.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_etag_comes_only_with_the_serialized_space_and_moves_only_when_it_changes()
    {
        await using var emulator = await StartAsync(new JsonObject
        {
            ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = "s1", ["title"] = "A", ["serialized_space"] = "{\"version\":2}" }),
        });
        using var http = Client(emulator);
        using var plain = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1"));
        using var before = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1?include_serialized_space=true"));
        var etag = before.RootElement.GetProperty("etag").GetString();

        using var stale = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["title"] = "B", ["etag"] = "not-the-etag" }));
        using var renamed = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["title"] = "B", ["etag"] = etag }));
        using var afterRename = JsonDocument.Parse(await renamed.Content.ReadAsStringAsync());
        using var replaced = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["serialized_space"] = "{\"version\":2,\"config\":{}}", ["etag"] = etag }));
        using var afterReplace = JsonDocument.Parse(await replaced.Content.ReadAsStringAsync());
        using var late = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["title"] = "C", ["etag"] = etag }));
        using var invalid = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["serialized_space"] = "not json" }));
        using var unknownKey = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["serialized_space"] = "{\"version\":2,\"tables\":[]}" }));
        using var after = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1?include_serialized_space=true"));

        Assert.False(plain.RootElement.TryGetProperty("etag", out _));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("ABORTED", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("B", afterRename.RootElement.GetProperty("title").GetString());
        Assert.Equal(etag, afterRename.RootElement.GetProperty("etag").GetString());
        Assert.NotEqual(etag, afterReplace.RootElement.GetProperty("etag").GetString());
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownKey.StatusCode);
        Assert.Contains("tables", await unknownKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("B", after.RootElement.GetProperty("title").GetString());
        Assert.Equal("{\"version\":2,\"config\":{}}", after.RootElement.GetProperty("serialized_space").GetString());
    }

    [Fact]
    public async Task A_created_space_is_migrated_to_version_2_and_needs_an_existing_folder()
    {
        await using var emulator = await StartAsync(new JsonObject());
        using var http = Client(emulator);

        using var home = await http.PostAsync("api/2.0/genie/spaces", Json(new JsonObject { ["warehouse_id"] = "w", ["serialized_space"] = "{\"version\":1}" }));
        using var homeSpace = JsonDocument.Parse(await home.Content.ReadAsStringAsync());
        using var missing = await http.PostAsync("api/2.0/genie/spaces", Json(new JsonObject { ["warehouse_id"] = "w", ["serialized_space"] = "{\"version\":2}", ["parent_path"] = "/Workspace/Shared/genie" }));
        emulator.State.Workspace.Mkdirs("/Shared/genie");
        using var folder = await http.PostAsync("api/2.0/genie/spaces", Json(new JsonObject { ["warehouse_id"] = "w", ["serialized_space"] = "{\"version\":2}", ["parent_path"] = "/Workspace/Shared/genie" }));
        using var folderSpace = JsonDocument.Parse(await folder.Content.ReadAsStringAsync());

        Assert.Equal("/Users/" + emulator.State.CurrentUser, homeSpace.RootElement.GetProperty("parent_path").GetString());
        Assert.Equal("{\"version\":2,\"data_sources\":{}}", homeSpace.RootElement.GetProperty("serialized_space").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/Shared/genie", folderSpace.RootElement.GetProperty("parent_path").GetString());
    }

    [Fact]
    public async Task A_seed_fault_edits_the_space_right_after_the_request_it_matched()
    {
        await using var emulator = await StartAsync(new JsonObject
        {
            ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = "s1", ["title"] = "A", ["serialized_space"] = "{\"version\":2}" }),
        });
        emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/spaces/s1$", Kind = FaultKind.SeedAfterResponse, Times = 1, Body = """{ "genie": { "spaces": [ { "space_id": "s1", "title": "Edited" } ] } }""" });
        using var http = Client(emulator);

        using var first = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1"));
        using var second = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1"));

        Assert.Equal("A", first.RootElement.GetProperty("title").GetString());
        Assert.Equal("Edited", second.RootElement.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Unity_catalog_tables_are_found_by_full_name_and_missing_levels_are_named()
    {
        await using var emulator = await StartAsync(new JsonObject());
        using var http = Client(emulator);
        foreach (var statement in new[] { "CREATE SCHEMA main.sales", "CREATE TABLE main.sales.orders (id INT)", "CREATE VIEW main.sales.revenue AS SELECT 1 AS x" })
        {
            using var created = await http.PostAsync("api/2.0/sql/statements", Json(new JsonObject { ["warehouse_id"] = "w", ["statement"] = statement, ["wait_timeout"] = "30s" }));
            Assert.Contains("SUCCEEDED", await created.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var table = JsonDocument.Parse(await http.GetStringAsync("api/2.1/unity-catalog/tables/MAIN.sales.Orders"));
        using var view = JsonDocument.Parse(await http.GetStringAsync("api/2.1/unity-catalog/tables/main.sales.revenue"));
        var missing = await Task.WhenAll(new[] { "main.sales.nope", "main.hr.people", "prod.sales.orders" }.Select(async name =>
        {
            using var response = await http.GetAsync("api/2.1/unity-catalog/tables/" + name);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return ((int)response.StatusCode, body.RootElement.GetProperty("error_code").GetString());
        }));

        Assert.Equal("main.sales.orders", table.RootElement.GetProperty("full_name").GetString());
        Assert.Equal("MANAGED", table.RootElement.GetProperty("table_type").GetString());
        Assert.Equal("VIEW", view.RootElement.GetProperty("table_type").GetString());
        Assert.Equal([(404, "TABLE_DOES_NOT_EXIST"), (404, "SCHEMA_DOES_NOT_EXIST"), (404, "CATALOG_DOES_NOT_EXIST")], missing);
    }

    private static async Task<WorkspaceEmulator> StartAsync(JsonObject genie)
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Token);
        using var seed = JsonDocument.Parse(new JsonObject { ["genie"] = genie }.ToJsonString());
        emulator.State.LoadSeed(seed.RootElement);
        return emulator;
    }

    private static HttpClient Client(WorkspaceEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
