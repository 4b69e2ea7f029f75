using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Tests.Http;

namespace GenieObservability.Engine.Tests.Genie;

public class GenieClientTests
{
    [Fact]
    public async Task Every_message_field_is_mapped_and_a_200_KB_attachments_array_stays_whole()
    {
        var longSql = "SELECT " + string.Join(", ", Enumerable.Range(0, 30000).Select(i => $"c{i}")) + " FROM main.sales.orders -- \"quoted\" ünïcode";
        var attachments = new JsonArray
        {
            new JsonObject
            {
                ["attachment_id"] = "att-q1",
                ["query"] = new JsonObject
                {
                    ["id"] = "q1",
                    ["title"] = "Orders by region",
                    ["description"] = "Sums orders per region",
                    ["query"] = longSql,
                    ["statement_id"] = "stmt-1",
                    ["query_result_metadata"] = new JsonObject { ["row_count"] = 42, ["is_truncated"] = false },
                    ["parameters"] = new JsonArray(new JsonObject { ["keyword"] = "region", ["sql_type"] = "STRING", ["value"] = "EU" }),
                },
            },
            new JsonObject { ["attachment_id"] = "att-t1", ["text"] = new JsonObject { ["id"] = "t1", ["content"] = "EU leads.", ["purpose"] = "TEXT_ATTACHMENT_PURPOSE_ANSWER" } },
            new JsonObject { ["attachment_id"] = "att-s1", ["suggested_questions"] = new JsonObject { ["questions"] = new JsonArray("By month?", "By product?") } },
            new JsonObject { ["attachment_id"] = "att-q2", ["query"] = new JsonObject { ["query"] = "SELECT 2", ["statement_id"] = "stmt-2" } },
            new JsonObject { ["attachment_id"] = "att-x", ["future_kind"] = new JsonObject { ["a"] = 1 } },
        };
        var message = new JsonObject
        {
            ["message_id"] = "m1",
            ["id"] = "m1",
            ["space_id"] = "s1",
            ["conversation_id"] = "c1",
            ["content"] = "Which region sells most?",
            ["status"] = "COMPLETED",
            ["created_timestamp"] = 1732600000123L,
            ["last_updated_timestamp"] = 1732600005000L,
            ["user_id"] = 6051921418418893L,
            ["attachments"] = attachments,
            ["error"] = new JsonObject { ["error"] = "partial", ["type"] = "SQL_EXECUTION_EXCEPTION" },
            ["feedback"] = new JsonObject { ["rating"] = "POSITIVE" },
        };
        var seed = new JsonObject { ["genie"] = new JsonObject { ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = "s1" }), ["messages"] = new JsonArray(message) } };
        await using var workspace = await ApiTestWorkspace.StartAsync(seed.ToJsonString());

        var result = await workspace.Session.Genie().GetMessageAsync("s1", "c1", "m1", CancellationToken.None);

        Assert.Equal(workspace.Emulator.BaseAddress, result.WorkspaceHost);
        Assert.Equal(("s1", "c1", "m1"), (result.SpaceId, result.ConversationId, result.MessageId));
        Assert.Equal("Which region sells most?", result.Content);
        Assert.Equal("COMPLETED", result.Status);
        Assert.True(result.IsTerminal);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732600000123L), result.CreatedTimestamp);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732600005000L), result.LastUpdatedTimestamp);
        Assert.Equal(6051921418418893L, result.UserId);
        Assert.Equal(("SQL_EXECUTION_EXCEPTION", "partial"), (result.ErrorType, result.ErrorMessage));
        Assert.Equal("POSITIVE", result.FeedbackRating);
        Assert.Equal(longSql, result.QuerySql);
        Assert.Equal("Sums orders per region", result.QueryDescription);
        Assert.Equal("stmt-1", result.StatementId);
        Assert.Equal(5, result.AttachmentCount);
        Assert.Equal(["query", "text", "suggested_questions", "query", "future_kind"], result.Attachments.Select(a => a.Kind));
        Assert.Equal(42, result.Attachments[0].RowCount);
        Assert.Equal("Orders by region", result.Attachments[0].Title);
        Assert.Equal("EU leads.", result.Attachments[1].Content);
        Assert.Equal("By month?\nBy product?", result.Attachments[2].Content);
        Assert.Equal("att-q2", result.Attachments[3].AttachmentId);
        Assert.True(result.AttachmentsJson.Length > 200_000, $"attachments JSON is {result.AttachmentsJson.Length} chars");
        Assert.True(JsonNode.DeepEquals(attachments, JsonNode.Parse(result.AttachmentsJson)));
        Assert.True(JsonNode.DeepEquals(message, JsonNode.Parse(result.RawJson)));
    }

    [Fact]
    public async Task A_sparse_legacy_message_maps_without_failing()
    {
        const string seed = """{ "genie": { "messages": [ { "id": "legacy-1", "space_id": "s1", "conversation_id": "c1", "status": "EXECUTING_QUERY", "query_result": { "statement_id": "old-stmt" } } ] } }""";
        await using var workspace = await ApiTestWorkspace.StartAsync(seed);

        var result = await workspace.Session.Genie().GetMessageAsync("s1", "c1", "legacy-1", CancellationToken.None);

        Assert.Equal("legacy-1", result.MessageId);
        Assert.False(result.IsTerminal);
        Assert.Equal("old-stmt", result.StatementId);
        Assert.Empty(result.Attachments);
        Assert.Equal("[]", result.AttachmentsJson);
        Assert.Null(result.CreatedTimestamp);
        Assert.Null(result.UserId);
    }

    [Fact]
    public async Task Listing_spaces_follows_page_tokens_across_three_pages_without_serialized_space()
    {
        var spaces = new JsonArray(Enumerable.Range(0, 250).Select(i => (JsonNode)new JsonObject { ["space_id"] = $"s{i:000}", ["title"] = $"Space {i}", ["serialized_space"] = "{\"version\":2}" }).ToArray());
        await using var workspace = await ApiTestWorkspace.StartAsync(new JsonObject { ["genie"] = new JsonObject { ["spaces"] = spaces } }.ToJsonString());

        var listed = new List<GenieSpace>();
        await foreach (var space in workspace.Session.Genie().ListSpacesAsync(CancellationToken.None))
        {
            listed.Add(space);
        }

        Assert.Equal(250, listed.Select(s => s.SpaceId).Distinct().Count());
        Assert.All(listed, s => Assert.Null(s.SerializedSpace));
        Assert.Equal(3, await ApiTestWorkspace.SettledCountAsync(workspace.Emulator, () => workspace.Emulator.State.Requests.Matching("GET", "/api/2.0/genie/spaces").Count, 3));
        var requests = workspace.Emulator.State.Requests.Matching("GET", "/api/2.0/genie/spaces");
        Assert.Equal(2, requests.Count(r => r.Query.Contains("page_token=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Listing_streams_pages_lazily()
    {
        var spaces = new JsonArray(Enumerable.Range(0, 250).Select(i => (JsonNode)new JsonObject { ["space_id"] = $"s{i:000}" }).ToArray());
        await using var workspace = await ApiTestWorkspace.StartAsync(new JsonObject { ["genie"] = new JsonObject { ["spaces"] = spaces } }.ToJsonString());

        await foreach (var space in workspace.Session.Genie().ListSpacesAsync(CancellationToken.None))
        {
            Assert.Equal("s000", space.SpaceId);
            break;
        }

        await Task.Delay(500);
        Assert.Single(workspace.Emulator.State.Requests.Matching("GET", "/api/2.0/genie/spaces"));
    }

    [Fact]
    public async Task Conversations_and_their_messages_are_listed_across_pages()
    {
        var conversations = new JsonArray(Enumerable.Range(0, 230).Select(i => (JsonNode)new JsonObject
        {
            ["space_id"] = "s1",
            ["conversation_id"] = $"c{i:000}",
            ["title"] = $"Question {i}",
            ["user_id"] = i % 2 == 0 ? 1 : 2,
            ["created_timestamp"] = 1732600000000L + i,
        }).ToArray());
        var messages = new JsonArray(Enumerable.Range(0, 205).Select(i => (JsonNode)new JsonObject
        {
            ["space_id"] = "s1",
            ["conversation_id"] = "c000",
            ["message_id"] = $"m{i:000}",
            ["status"] = "COMPLETED",
        }).ToArray());
        var seed = new JsonObject
        {
            ["genie"] = new JsonObject
            {
                ["currentUserId"] = 1,
                ["spaces"] = new JsonArray(new JsonObject { ["space_id"] = "s1" }),
                ["conversations"] = conversations,
                ["messages"] = messages,
            },
        };
        await using var workspace = await ApiTestWorkspace.StartAsync(seed.ToJsonString());
        var genie = workspace.Session.Genie();

        var mine = await ToListAsync(genie.ListConversationsAsync("s1", includeAll: false, CancellationToken.None));
        var all = await ToListAsync(genie.ListConversationsAsync("s1", includeAll: true, CancellationToken.None));
        var listedMessages = await ToListAsync(genie.ListConversationMessagesAsync("s1", "c000", CancellationToken.None));

        Assert.Equal(115, mine.Count);
        Assert.Equal(230, all.Select(c => c.ConversationId).Distinct().Count());
        Assert.Equal("Question 5", all[5].Title);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1732600000005L), all[5].CreatedTimestamp);
        Assert.All(all, c => Assert.Equal("s1", c.SpaceId));
        Assert.Equal(205, listedMessages.Select(m => m.MessageId).Distinct().Count());
        Assert.All(listedMessages, m => Assert.Equal("c000", m.ConversationId));
        Assert.True(await ApiTestWorkspace.SettledCountAsync(workspace.Emulator, () => workspace.Emulator.State.Requests.Entries.Count(r => r.Query.Contains("include_all=true", StringComparison.Ordinal)), 3) >= 3);
    }

    [Fact]
    public async Task A_space_is_read_with_its_serialized_space_only_when_asked()
    {
        const string seed = """{ "genie": { "spaces": [ { "space_id": "s1", "title": "Sales", "description": "d", "warehouse_id": "w1", "parent_path": "/Workspace/Genie", "create_time": "2026-06-01T10:00:00Z", "serialized_space": { "version": 2, "config": { "sample_questions": [] } } } ] } }""";
        await using var workspace = await ApiTestWorkspace.StartAsync(seed);
        var genie = workspace.Session.Genie();

        var plain = await genie.GetSpaceAsync("s1", includeSerializedSpace: false, CancellationToken.None);
        var full = await genie.GetSpaceAsync("s1", includeSerializedSpace: true, CancellationToken.None);

        Assert.Null(plain.SerializedSpace);
        Assert.Equal(("Sales", "d", "w1", "/Workspace/Genie"), (full.Title, full.Description, full.WarehouseId, full.ParentPath));
        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero), full.CreateTime);
        Assert.NotNull(full.UpdateTime);
        Assert.False(string.IsNullOrEmpty(full.Etag));
        using var serialized = JsonDocument.Parse(full.SerializedSpace!);
        Assert.Equal(2, serialized.RootElement.GetProperty("version").GetInt32());
        Assert.Equal(1, await ApiTestWorkspace.SettledCountAsync(workspace.Emulator, () => workspace.Emulator.State.Requests.Entries.Count(r => r.Query == "?include_serialized_space=true"), 1));
    }

    [Fact]
    public async Task Spaces_are_created_updated_with_an_etag_and_trashed()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync();
        var genie = workspace.Session.Genie();

        var missing = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.SendAsync(HttpMethod.Post, "/api/2.0/genie/spaces", """{"title":"x"}""", idempotent: false, CancellationToken.None));
        Assert.Equal(GenieApiErrorType.BadRequest, missing.ErrorType);

        var created = await genie.CreateSpaceAsync(new GenieSpaceWrite { Title = "New", WarehouseId = "w1", SerializedSpace = """{"version":2}""" }, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(created.SpaceId));
        Assert.Equal("New", created.Title);

        // The etag covers serialized_space only (contract 2026 §5): a rename keeps it, a new configuration moves it.
        var updated = await genie.UpdateSpaceAsync(created.SpaceId, new GenieSpaceWrite { Title = "Renamed", Etag = created.Etag }, CancellationToken.None);
        Assert.Equal("Renamed", updated.Title);
        Assert.Equal("w1", updated.WarehouseId);
        Assert.Equal(created.Etag, updated.Etag);

        var replaced = await genie.UpdateSpaceAsync(created.SpaceId, new GenieSpaceWrite { SerializedSpace = """{"version":2,"config":{}}""", Etag = updated.Etag }, CancellationToken.None);
        Assert.NotEqual(updated.Etag, replaced.Etag);

        var stale = await Assert.ThrowsAsync<GenieApiException>(() => genie.UpdateSpaceAsync(created.SpaceId, new GenieSpaceWrite { Title = "Lost update", Etag = created.Etag }, CancellationToken.None));
        Assert.Equal(GenieApiErrorType.Conflict, stale.ErrorType);
        Assert.Equal("ABORTED", stale.ErrorCode);

        var read = await genie.GetSpaceAsync(created.SpaceId, includeSerializedSpace: true, CancellationToken.None);
        Assert.Equal("""{"version":2,"config":{}}""", read.SerializedSpace);
        Assert.Equal("Renamed", read.Title);
        Assert.Equal(replaced.Etag, read.Etag);

        await genie.TrashSpaceAsync(created.SpaceId, CancellationToken.None);
        var gone = await Assert.ThrowsAsync<GenieApiException>(() => genie.GetSpaceAsync(created.SpaceId, false, CancellationToken.None));
        Assert.Equal(GenieApiErrorType.NotFound, gone.ErrorType);
    }

    [Fact]
    public async Task A_message_moved_to_a_final_status_between_reads_is_seen_as_final()
    {
        const string seed = """{ "genie": { "messages": [ { "message_id": "m1", "space_id": "s1", "conversation_id": "c1", "status": "EXECUTING_QUERY" } ] } }""";
        await using var workspace = await ApiTestWorkspace.StartAsync(seed);
        var genie = workspace.Session.Genie();

        var first = await genie.GetMessageAsync("s1", "c1", "m1", CancellationToken.None);
        using var update = JsonDocument.Parse("""{ "message_id": "m1", "space_id": "s1", "conversation_id": "c1", "status": "COMPLETED", "attachments": [ { "query": { "query": "SELECT 1" } } ] }""");
        workspace.Emulator.State.Genie.UpsertMessage(update.RootElement);
        var second = await genie.GetMessageAsync("s1", "c1", "m1", CancellationToken.None);

        Assert.False(first.IsTerminal);
        Assert.True(second.IsTerminal);
        Assert.Equal("SELECT 1", second.QuerySql);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
