namespace GenieObservability;

/// <summary>
/// What a runspace is connected to: a Databricks workspace and a warehouse. Returned by Connect-GenieWorkspace
/// -PassThru and Get-GenieContext, accepted by every data cmdlet's -Context. It never holds or shows a secret:
/// credentials live in the engine session it wraps.
/// </summary>
public sealed class GenieContext
{
    /// <summary>The workspace URL, e.g. https://adb-123.azuredatabricks.net; null when only a warehouse is connected.</summary>
    public Uri? Host { get; internal set; }

    /// <summary>How requests are authenticated: Pat, OAuthM2M, EntraServicePrincipal, ManagedIdentity, ...</summary>
    public string? AuthType { get; internal set; }

    /// <summary>The service principal or managed identity client id, when one is used (not a secret).</summary>
    public string? ClientId { get; internal set; }

    /// <summary>The Entra tenant, for Entra service principals.</summary>
    public string? TenantId { get; internal set; }

    /// <summary>Where the credential came from: Parameters, Environment, or Profile:&lt;name&gt;.</summary>
    public string? CredentialSource { get; internal set; }

    /// <summary>DuckDb, Odbc or StatementApi; DuckDb (default) when no warehouse was connected.</summary>
    public string WarehouseKind { get; internal set; } = "DuckDb";

    /// <summary>The warehouse location without secrets: a file path, a warehouse id, or an ODBC string with secrets removed.</summary>
    public string? WarehouseTarget { get; internal set; }

    public string Catalog { get; internal set; } = "main";

    public string Schema { get; internal set; } = "genie_analytics";

    /// <summary>The Databricks pipeline id Invoke-GeniePipelineRefresh uses when none is given.</summary>
    public string? PipelineId { get; internal set; }

    public DateTimeOffset ConnectedAt { get; internal set; } = DateTimeOffset.UtcNow;

    /// <summary>The engine's workspace session (token provider and API client); opaque to scripts.</summary>
    internal IContextWorkspace? WorkspaceSession { get; set; }

    /// <summary>The engine's warehouse connection settings; opaque to scripts. Null: the embedded default.</summary>
    internal IContextWarehouse? WarehouseSession { get; set; }

    public override string ToString() => Host is null ? $"(no workspace) {WarehouseKind}" : $"{Host} ({AuthType}) {WarehouseKind}";
}
