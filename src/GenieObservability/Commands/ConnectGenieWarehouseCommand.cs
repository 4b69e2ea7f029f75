using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands;

/// <summary>Chooses where the product's tables live: an embedded DuckDB file, a SQL warehouse over the Statement API, or ODBC.</summary>
[Cmdlet(VerbsCommunications.Connect, "GenieWarehouse", DefaultParameterSetName = PathSet)]
[OutputType(typeof(GenieContext))]
public sealed class ConnectGenieWarehouseCommand : GenieContextCmdlet
{
    private const string PathSet = "Path";
    private const string WarehouseIdSet = "WarehouseId";
    private const string OdbcSet = "Odbc";

    [Parameter(ParameterSetName = PathSet, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    [Parameter(ParameterSetName = WarehouseIdSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? WarehouseId { get; set; }

    [Parameter(ParameterSetName = OdbcSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string? OdbcConnectionString { get; set; }

    [Parameter(ParameterSetName = WarehouseIdSet)]
    [Parameter(ParameterSetName = OdbcSet)]
    [ValidateNotNullOrEmpty]
    public string Catalog { get; set; } = "main";

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Schema { get; set; } = "genie_analytics";

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var context = Context ?? ContextStore.Current ?? new GenieContext();
        WarehouseSettings settings;
        try
        {
            settings = ParameterSetName switch
            {
                WarehouseIdSet => WarehouseSettings.StatementApi(WarehouseId!, Catalog, Schema),
                OdbcSet => WarehouseSettings.Odbc(OdbcConnectionString!, Catalog, Schema),
                _ => WarehouseSettings.DuckDb(Path is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path), Schema),
            };
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, ParameterSetName);
            return;
        }

        if (settings.Kind == WarehouseKind.StatementApi && context.WorkspaceSession is null)
        {
            Fail("A SQL warehouse id is reached through a workspace: run Connect-GenieWorkspace first, then Connect-GenieWarehouse -WarehouseId.", "NotConnected", ErrorCategory.ConnectionError, WarehouseId);
            return;
        }

        if (settings.Kind != WarehouseKind.StatementApi)
        {
            // Opening now says at once when a file is locked or a driver or server is unreachable. The SQL warehouse
            // is not probed: a query would start a stopped warehouse.
            try
            {
                Run(async token =>
                {
                    var warehouse = settings.Open(null, Log);
                    await using (warehouse.ConfigureAwait(false))
                    {
                        await foreach (var _ in warehouse.QueryAsync("SELECT 1 AS ok", null, token).ConfigureAwait(false))
                        {
                        }
                    }
                });
            }
            catch (GenieObservabilityException ex)
            {
                Fail(ex, settings.Display);
                return;
            }
        }

        context.WarehouseSession = settings;
        context.WarehouseKind = settings.Kind.ToString();
        context.WarehouseTarget = settings.Display;
        context.Catalog = settings.Catalog;
        context.Schema = settings.Schema;
        if (Context is null)
        {
            ContextStore.Current = context;
        }

        WriteVerbose($"Warehouse: {settings.Kind} {settings.Display}, tables in {settings.Catalog}.{settings.Schema}.");
        if (PassThru)
        {
            WriteObject(context);
        }
    }
}
