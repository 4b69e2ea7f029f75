using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Analytics;

namespace GenieObservability.Commands;

/// <summary>The SQL statements of the window's answers measured in query history, slowest first, each with its question (the slowest_queries query); streams.</summary>
[Cmdlet(VerbsCommon.Get, "GenieQueryMetric")]
[OutputType(typeof(GenieQueryMetric))]
public sealed class GetGenieQueryMetricCommand : GenieContextCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNull]
    public string[] SpaceId { get; set; } = [];

    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter]
    [ValidateRange(1, AnalyticsWindow.MaxDays)]
    public int Days { get; set; } = Engine.Report.ReportRequest.DefaultDays;

    [Parameter]
    [ValidateSet("FINISHED", "FAILED", "CANCELED")]
    public string[] Status { get; set; } = [];

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = QueryMetricQuery.DefaultFirst;

    private readonly List<string> _spaces = [];

    protected override void ProcessRecord() => _spaces.AddRange(SpaceId);

    protected override void EndProcessing()
    {
        WithWarehouse(null, async (warehouse, token) =>
        {
            var query = new QueryMetricQuery
            {
                Window = new AnalyticsWindow(DateTimeOffset.UtcNow, Days, WorkspaceId, _spaces),
                Statuses = Status,
                First = First,
            };
            await foreach (var metric in new QueryMetricReader(new AnalyticsSource(warehouse)).ReadAsync(query, token).ConfigureAwait(false))
            {
                Emit(metric);
            }
        });
    }
}
