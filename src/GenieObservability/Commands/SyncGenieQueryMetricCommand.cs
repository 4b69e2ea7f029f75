using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.QueryMetrics;

namespace GenieObservability.Commands;

/// <summary>
/// Looks up the query performance of every SQL statement of the stored Genie answers and merges it into
/// message_query_metrics: system.query.history on a Databricks SQL warehouse, then the Query History API (many
/// statement ids per request) for the rest. Statements not in history yet are looked up again by later runs until
/// -MaxLookupAge, then counted as not available. Emits one summary.
/// </summary>
[Cmdlet(VerbsData.Sync, "GenieQueryMetric", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GenieQueryMetricSyncSummary))]
public sealed class SyncGenieQueryMetricCommand : GenieContextCmdlet
{
    /// <summary>Only statements of messages of these workspaces.</summary>
    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    /// <summary>How long after its first lookup a statement missing from query history is looked up again.</summary>
    [Parameter]
    public TimeSpan MaxLookupAge { get; set; } = QueryMetricsOptions.DefaultMaxLookupAge;

    /// <summary>Statement ids per Query History request.</summary>
    [Parameter]
    [ValidateRange(1, QueryHistoryClient.MaxStatementsPerRequest)]
    public int StatementsPerRequest { get; set; } = QueryHistoryClient.DefaultStatementsPerRequest;

    /// <summary>Query History requests in flight at once.</summary>
    [Parameter]
    [ValidateRange(1, 32)]
    public int ThrottleLimit { get; set; } = QueryMetricsOptions.DefaultThrottleLimit;

    /// <summary>On a Databricks SQL warehouse, skip the MERGE from system.query.history and use only the API.</summary>
    [Parameter]
    public SwitchParameter SkipSystemTable { get; set; }

    protected override void EndProcessing()
    {
        var options = new QueryMetricsOptions
        {
            WorkspaceIds = WorkspaceId.Select(w => w.Trim()).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList(),
            MaxLookupAge = MaxLookupAge,
            StatementsPerRequest = StatementsPerRequest,
            ThrottleLimit = ThrottleLimit,
            UseSystemTable = !SkipSystemTable,
        };
        try
        {
            options.Validate();
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, MaxLookupAge);
        }

        if (!ShouldProcess("message_query_metrics", "Look up the query history of the stored answers' SQL statements and merge it"))
        {
            return;
        }

        var session = RequireWorkspace();
        WriteObject(WithWarehouse("message_query_metrics", (warehouse, token) => new QueryMetricsSync(warehouse, host => session.Api(host, Log), Log).RunAsync(options, token)));
    }
}
