using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Analytics;

namespace GenieObservability.Commands;

/// <summary>Questions, conversations, users and outcomes per day, week, month, space, user or workspace (the usage_by_* queries).</summary>
[Cmdlet(VerbsCommon.Get, "GenieUsage")]
[OutputType(typeof(GenieUsage))]
public sealed class GetGenieUsageCommand : GenieContextCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public GenieUsageGrouping By { get; set; }

    [Parameter]
    [ValidateRange(1, AnalyticsWindow.MaxDays)]
    public int Days { get; set; } = Engine.Report.ReportRequest.DefaultDays;

    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNull]
    public string[] SpaceId { get; set; } = [];

    private readonly List<string> _spaces = [];

    protected override void ProcessRecord() => _spaces.AddRange(SpaceId);

    protected override void EndProcessing()
    {
        WithWarehouse(By, async (warehouse, token) =>
        {
            var window = new AnalyticsWindow(DateTimeOffset.UtcNow, Days, WorkspaceId, _spaces);
            await foreach (var row in new UsageReader(new AnalyticsSource(warehouse)).ReadAsync(By, window, token).ConfigureAwait(false))
            {
                Emit(row);
            }
        });
    }
}
