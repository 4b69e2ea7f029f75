using System.Text.Json;

namespace GenieObservability.Emulator;

/// <summary>Everything the emulated workspace knows, plus the knobs tests turn. Thread-safe.</summary>
public sealed class EmulatorState : IDisposable
{
    public EmulatorState()
    {
        Workspace = new WorkspaceStore(CurrentUser);
        Genie = new GenieStore(CurrentUser);
    }

    /// <summary>The user every token acts as (SCIM Me, home folder, pipeline creator).</summary>
    public string CurrentUser { get; } = "admin@example.com";

    public RequestLog Requests { get; } = new();

    public FaultInjector Faults { get; } = new();

    /// <summary>Token buckets per route pattern: requests beyond them are answered 429 with Retry-After.</summary>
    public RateLimiter RateLimits { get; } = new();

    public TokenRegistry Tokens { get; } = new();

    /// <summary>The SQL warehouses list (seed key "warehouses").</summary>
    public SqlWarehouseStore SqlWarehouses { get; } = new();

    /// <summary>Genie spaces, conversations and messages (seed key "genie").</summary>
    public GenieStore Genie { get; }

    /// <summary>Comments on Genie messages (seed key "genie.comments").</summary>
    public GenieCommentStore GenieComments { get; } = new();

    /// <summary>Evaluation runs of Genie spaces with their results (seed key "genie.evalRuns").</summary>
    public GenieEvalStore GenieEvaluations { get; } = new();

    public PipelineStore Pipelines { get; } = new();

    /// <summary>Folders, notebooks and files of /api/2.0/workspace (seed key "workspace").</summary>
    public WorkspaceStore Workspace { get; }

    /// <summary>The SQL warehouse behind /api/2.0/sql/statements (DuckDB).</summary>
    public StatementStore Statements { get; } = new();

    /// <summary>The SQL query history of /api/2.0/sql/history/queries (seed key "queryHistory").</summary>
    public QueryHistoryStore QueryHistory { get; } = new();

    /// <summary>Entra applications and managed identities (seed key "azure").</summary>
    public AzureIdentityRegistry Azure { get; } = new();

    /// <summary>Latency added to every /api request (the workspace's own response time), in milliseconds.</summary>
    public int ApiLatencyMilliseconds { get; set; }

    /// <summary>Loads a seed file: a JSON object whose top-level keys are the areas (tokens, clients, genie, ...).</summary>
    public void LoadSeedFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        LoadSeed(document.RootElement);
    }

    public void LoadSeed(JsonElement seed)
    {
        Tokens.LoadSeed(seed);
        SqlWarehouses.LoadSeed(seed);
        Pipelines.LoadSeed(seed);
        Workspace.LoadSeed(seed);
        Genie.LoadSeed(seed);
        QueryHistory.LoadSeed(seed);
        GenieComments.LoadSeed(seed);
        GenieEvaluations.LoadSeed(seed);
        Azure.LoadSeed(seed);
    }

    public void Dispose()
    {
        Statements.Dispose();
    }
}
