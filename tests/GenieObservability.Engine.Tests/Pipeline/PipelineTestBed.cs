using System.Globalization;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>A fresh embedded warehouse in a temp folder with the schema installed, a hand-moved clock and helpers.</summary>
internal sealed class PipelineTestBed : IAsyncDisposable
{
    public const string WorkspaceA = "1001";
    public const string WorkspaceB = "2002";
    public const string UrlA = "https://adb-1001.example.net";
    public const string UrlB = "https://adb-2002.example.net";

    private int _files;

    private PipelineTestBed(string directory, DuckDbWarehouse warehouse, ManualClock clock)
    {
        Directory = directory;
        Warehouse = warehouse;
        Clock = clock;
    }

    public string Directory { get; }

    public DuckDbWarehouse Warehouse { get; }

    public ManualClock Clock { get; }

    public RecordingLog Log { get; } = new();

    public List<AuditImportError> ImportErrors { get; } = [];

    public static async Task<PipelineTestBed> CreateAsync(string name = "pipeline")
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("genie-pipeline-").FullName;
        var warehouse = new DuckDbWarehouse(Path.Combine(directory, name + ".duckdb"));
        await ObservabilitySchema.InstallAsync(warehouse, _ => true, CancellationToken.None);
        return new PipelineTestBed(directory, warehouse, new ManualClock(new DateTime(2026, 11, 20, 12, 0, 0, DateTimeKind.Utc)));
    }

    public string WriteFile(IEnumerable<string> lines)
    {
        var path = Path.Combine(Directory, $"audit-{Interlocked.Increment(ref _files)}.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    public Task<GenieAuditImportResult> ImportAsync(IEnumerable<AuditEvent> events, bool delivered = false) =>
        ImportFilesAsync([WriteFile(events.Select(e => delivered ? e.ToDeliveredLine() : e.ToSystemTableLine()))]);

    public Task<GenieAuditImportResult> ImportFilesAsync(IReadOnlyList<string> files) =>
        new AuditLogImporter(Warehouse, Log).ImportAsync(
            files,
            new Dictionary<string, string> { [WorkspaceA] = UrlA, [WorkspaceB] = UrlB },
            ImportErrors.Add,
            CancellationToken.None);

    public async Task<GeniePipelineRun> RefreshAsync(GeniePipelineMode mode, int? days = null, int? minutes = null, TimeSpan? overlap = null, params string[] workspaces)
    {
        var refresher = new PipelineRefresher(new PipelineRunStore(Warehouse), new EmbeddedPipelineEngine(Warehouse), Clock);
        var outcome = await refresher.RefreshAsync(new RefreshRequest(mode, days, minutes, overlap, workspaces), Log, CancellationToken.None);
        Assert.Null(outcome.Failure);
        return outcome.Run;
    }

    public async Task<List<Dictionary<string, object?>>> QueryAsync(string sql)
    {
        var rows = new List<Dictionary<string, object?>>();
        await foreach (var row in Warehouse.QueryAsync(sql))
        {
            rows.Add(row.Columns.Select((c, i) => (c, row[i])).ToDictionary(p => p.c, p => p.Item2));
        }

        return rows;
    }

    /// <summary>Silver as sorted text lines, for comparing whole tables.</summary>
    public async Task<List<string>> SilverLinesAsync()
    {
        var rows = await QueryAsync("SELECT * FROM genie_analytics.genie_messages_to_fetch ORDER BY workspace_id, message_id");
        return rows.Select(r => string.Join("|", r.Select(p => $"{p.Key}={Convert.ToString(p.Value, CultureInfo.InvariantCulture)}"))).ToList();
    }

    public async Task<HashSet<string>> SilverMessageIdsAsync() =>
        (await QueryAsync("SELECT message_id FROM genie_analytics.genie_messages_to_fetch")).Select(r => (string)r["message_id"]!).ToHashSet();

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
