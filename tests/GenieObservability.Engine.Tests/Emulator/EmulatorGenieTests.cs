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
    public async Task Updating_a_space_needs_the_current_etag_and_changes_it()
    {
        await using var emulator = await StartAsync(new JsonObject
        {
            ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = "s1", ["title"] = "A", ["serialized_space"] = "{\"version\":2}" }),
        });
        using var http = Client(emulator);
        using var before = JsonDocument.Parse(await http.GetStringAsync("api/2.0/genie/spaces/s1"));
        var etag = before.RootElement.GetProperty("etag").GetString();

        using var stale = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["title"] = "B", ["etag"] = "not-the-etag" }));
        using var ok = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["title"] = "B", ["etag"] = etag }));
        using var after = JsonDocument.Parse(await ok.Content.ReadAsStringAsync());
        using var invalid = await http.PatchAsync("api/2.0/genie/spaces/s1", Json(new JsonObject { ["serialized_space"] = "not json" }));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("ABORTED", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("B", after.RootElement.GetProperty("title").GetString());
        Assert.NotEqual(etag, after.RootElement.GetProperty("etag").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
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
