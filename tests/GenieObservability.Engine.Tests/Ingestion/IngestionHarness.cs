using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Http;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Ingestion;

/// <summary>A real emulated workspace over HTTP, the real Genie client, and a real DuckDB file with the installed schema.</summary>
internal sealed class IngestionHarness : IAsyncDisposable
{
    public const string WorkspaceId = "1111111111111111";
    public const string SpaceId = "01ef00000000000000000000000000aa";
    public const string Pat = "dapi-ingestion-test";

    private readonly string _directory;

    private IngestionHarness(WorkspaceEmulator emulator, string directory, DuckDbWarehouse warehouse, WorkspaceSession session)
    {
        Emulator = emulator;
        _directory = directory;
        Warehouse = warehouse;
        Session = session;
    }

    public WorkspaceEmulator Emulator { get; }

    public DuckDbWarehouse Warehouse { get; }

    public WorkspaceSession Session { get; }

    public string DatabasePath => Warehouse.Path;

    /// <summary>Short backoffs keep retry scenarios fast; Retry-After from the server is still honoured in full.</summary>
    public static ApiClientOptions FastApiOptions { get; } = new() { BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200), TotalTimeout = TimeSpan.FromSeconds(60) };

    /// <summary>Starts a harness; with <paramref name="emulator"/> given, the harness takes ownership of it.</summary>
    public static async Task<IngestionHarness> StartAsync(ITokenProvider? tokens = null, WorkspaceEmulator? emulator = null, ApiClientOptions? apiOptions = null)
    {
        emulator ??= await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Pat);
        SeedSpace(emulator);
        var directory = Directory.CreateTempSubdirectory("genie-ingest-").FullName;
        var warehouse = new DuckDbWarehouse(Path.Combine(directory, "genie.duckdb"));
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None);
        var session = new WorkspaceSession(emulator.BaseAddress, tokens ?? new StaticTokenProvider(new NetworkCredential(string.Empty, Pat).SecurePassword)) { ApiOptions = apiOptions ?? FastApiOptions };
        return new IngestionHarness(emulator, directory, warehouse, session);
    }

    public static JsonElement Json(JsonNode node) => JsonDocument.Parse(node.ToJsonString()).RootElement.Clone();

    public static string MessageId(int n) => $"01f0{n:D28}";

    public static string ConversationId(int n) => $"01c0{n / 10:D28}";

    /// <summary>The space every seeded message belongs to, in <paramref name="emulator"/> (a second workspace of a test).</summary>
    public static void SeedSpace(WorkspaceEmulator emulator) =>
        emulator.State.Genie.UpsertSpace(Json(new JsonObject { ["space_id"] = SpaceId, ["title"] = "Sales analytics", ["warehouse_id"] = "wh1" }));

    /// <summary>Seeds message n: COMPLETED with one query attachment unless told otherwise; into <paramref name="on"/> when given.</summary>
    public JsonObject SeedMessage(int n, string status = "COMPLETED", JsonArray? attachments = null, WorkspaceEmulator? on = null)
    {
        var message = new JsonObject
        {
            ["message_id"] = MessageId(n),
            ["id"] = MessageId(n),
            ["space_id"] = SpaceId,
            ["conversation_id"] = ConversationId(n),
            ["content"] = $"Question number {n}?",
            ["status"] = status,
            ["user_id"] = 4200 + (n % 7),
            ["created_timestamp"] = 1_763_000_000_000L + n,
            ["last_updated_timestamp"] = 1_763_000_050_000L + n,
            ["attachments"] = attachments ?? (status == "COMPLETED" ? QueryAttachments(n) : new JsonArray()),
        };
        (on ?? Emulator).State.Genie.UpsertMessage(Json(message));
        return message;
    }

    public static JsonArray QueryAttachments(int n, int count = 1)
    {
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            array.Add(new JsonObject
            {
                ["attachment_id"] = $"att{n}-{i}",
                ["query"] = new JsonObject
                {
                    ["title"] = $"Query {i}",
                    ["description"] = $"Sales for question {n}, part {i}",
                    ["query"] = $"SELECT region, SUM(amount) FROM main.sales.orders_{i} WHERE id = {n} GROUP BY region",
                    ["statement_id"] = $"stmt-{n}-{i}",
                    ["query_result_metadata"] = new JsonObject { ["row_count"] = 3, ["is_truncated"] = false },
                },
            });
        }

        return array;
    }

    public MessageFetchItem Item(int n, string reason = GenieMessageToFetch.ReasonNew, Uri? host = null, string workspaceId = WorkspaceId) =>
        new(workspaceId, host ?? Emulator.BaseAddress, "Contoso prod", SpaceId, ConversationId(n), MessageId(n), DateTimeOffset.Parse("2026-11-25T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), $"user{n % 5}@contoso.com", reason);

    public MessageIngestor Ingestor(MessageIngestionOptions? options = null, WorkspaceSession? session = null)
    {
        session ??= Session;
        return new MessageIngestor(Warehouse, host => session.Genie(host), session.Tokens, options ?? new MessageIngestionOptions { ThrottleLimit = 8, BatchSize = 50 });
    }

    public async Task<object?> ScalarAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null)
    {
        await foreach (var row in Warehouse.QueryAsync(sql, parameters))
        {
            return row[0];
        }

        return null;
    }

    public async Task<long> CountAsync(string sql, IReadOnlyDictionary<string, object?>? parameters = null) => Convert.ToInt64(await ScalarAsync(sql, parameters), System.Globalization.CultureInfo.InvariantCulture);

    public async Task<Dictionary<string, object?>> RowAsync(string table, string messageId)
    {
        await foreach (var row in Warehouse.QueryAsync($"SELECT * FROM {table} WHERE message_id = :id", new Dictionary<string, object?> { ["id"] = messageId }))
        {
            return row.Columns.Select((c, i) => (c, v: row[i])).ToDictionary(p => p.c, p => p.v);
        }

        throw new InvalidOperationException($"No row for {messageId} in {table}.");
    }

    public async Task<Dictionary<string, object?>> RunRowAsync(string runId)
    {
        await foreach (var row in Warehouse.QueryAsync("SELECT * FROM genie_analytics.genie_ingestion_runs WHERE run_id = :id", new Dictionary<string, object?> { ["id"] = runId }))
        {
            return row.Columns.Select((c, i) => (c, v: row[i])).ToDictionary(p => p.c, p => p.v);
        }

        throw new InvalidOperationException($"No run {runId}.");
    }

    public static async IAsyncEnumerable<MessageFetchItem> Stream(IEnumerable<MessageFetchItem> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Warehouse.DisposeAsync();
        await Emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
