using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Bench;

/// <summary>
/// The synthetic workload of the ingestion benchmarks (one space, messages with a query and a text attachment, their
/// audit items) and the measured step: an ingestion run into a fresh DuckDB temp file.
/// </summary>
internal static class IngestionWorkload
{
    public const string Token = "dapi-bench";
    public const string SpaceId = "01ef0000000000000000000000bench0";
    public const string WorkspaceId = "1234567890123456";

    /// <summary>The route of a message GET, as an emulator rule pattern.</summary>
    public const string MessagePathPattern = "^/api/2.0/genie/spaces/[^/]+/conversations/[^/]+/messages/[^/]+$";

    public static JsonObject Space() => new() { ["space_id"] = SpaceId, ["title"] = "Bench space", ["warehouse_id"] = "wh" };

    /// <summary>An in-process emulator with the bench token, space and messages <paramref name="from"/>..<paramref name="from"/>+<paramref name="count"/>-1.</summary>
    public static async Task<WorkspaceEmulator> StartEmulatorAsync(int from, int count, int latencyMilliseconds)
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Token);
        emulator.State.Genie.UpsertSpace(Json(Space()));
        for (var n = from; n < from + count; n++)
        {
            emulator.State.Genie.UpsertMessage(Json(Message(n)));
        }

        emulator.State.ApiLatencyMilliseconds = latencyMilliseconds;
        return emulator;
    }

    /// <summary>A session on <paramref name="host"/> with the bench token (other workspace URLs get the same token).</summary>
    public static WorkspaceSession NewSession(Uri host) => new(host, new StaticTokenProvider(new NetworkCredential(string.Empty, Token).SecurePassword));

    /// <summary>Runs one ingestion of <paramref name="items"/> into a fresh DuckDB temp file; returns its summary and wall time.</summary>
    public static async Task<(MessageIngestionSummary Summary, TimeSpan Elapsed)> IngestAsync(WorkspaceSession session, IAsyncEnumerable<MessageFetchItem> items, MessageIngestionOptions options, IOperationLog log)
    {
        var directory = Directory.CreateTempSubdirectory("genie-bench-").FullName;
        try
        {
            await using var warehouse = new DuckDbWarehouse(Path.Combine(directory, "bench.duckdb"));
            await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None);
            var ingestor = new MessageIngestor(warehouse, h => session.Genie(h, log), session.Tokens, options, log);
            var clock = Stopwatch.StartNew();
            var summary = await ingestor.RunAsync(items, CancellationToken.None);
            return (summary, clock.Elapsed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    public static MessageFetchItem Item(Uri host, int n, string workspaceId = WorkspaceId) =>
        new(workspaceId, host, "bench", SpaceId, ConversationId(n), MessageId(n), DateTimeOffset.UtcNow, $"user{n % 50}@contoso.com");

    public static async IAsyncEnumerable<MessageFetchItem> Items(Uri host, int count)
    {
        for (var n = 0; n < count; n++)
        {
            yield return Item(host, n);
            if (n % 1000 == 0)
            {
                await Task.Yield();
            }
        }
    }

    public static JsonObject Message(int n) => new()
    {
        ["message_id"] = MessageId(n),
        ["space_id"] = SpaceId,
        ["conversation_id"] = ConversationId(n),
        ["content"] = $"What were the sales in region {n % 12} last quarter?",
        ["status"] = "COMPLETED",
        ["user_id"] = 1000 + (n % 50),
        ["created_timestamp"] = 1_763_000_000_000L + n,
        ["last_updated_timestamp"] = 1_763_000_030_000L + n,
        ["attachments"] = new JsonArray(
            new JsonObject
            {
                ["attachment_id"] = $"a{n}",
                ["query"] = new JsonObject
                {
                    ["title"] = "Sales by region",
                    ["description"] = "Total sales per region for the last quarter",
                    ["query"] = $"SELECT region, SUM(amount) AS sales FROM main.sales.orders WHERE quarter = '2026Q3' AND region_id = {n % 12} GROUP BY region",
                    ["statement_id"] = $"01f0-stmt-{n}",
                    ["query_result_metadata"] = new JsonObject { ["row_count"] = 12, ["is_truncated"] = false },
                },
            },
            new JsonObject { ["attachment_id"] = $"t{n}", ["text"] = new JsonObject { ["content"] = "Sales grew in every region except the north." } }),
    };

    public static string MessageId(int n) => "01f0" + n.ToString("D28", CultureInfo.InvariantCulture);

    public static string ConversationId(int n) => "01c0" + (n / 5).ToString("D28", CultureInfo.InvariantCulture);

    public static JsonElement Json(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    public static int Option(IReadOnlyList<string> args, string name, int fallback)
    {
        var index = args.ToList().IndexOf(name);
        return index >= 0 && index + 1 < args.Count ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
