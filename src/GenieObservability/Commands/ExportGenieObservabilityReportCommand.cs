using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Report;

namespace GenieObservability.Commands;

/// <summary>Writes the observability report: one self-contained, offline HTML file with its figures also as JSON.</summary>
[Cmdlet(VerbsData.Export, "GenieObservabilityReport", SupportsShouldProcess = true)]
[OutputType(typeof(GenieObservabilityReport))]
public sealed class ExportGenieObservabilityReportCommand : GenieContextCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    [ValidateRange(1, AnalyticsWindow.MaxDays)]
    public int Days { get; set; } = ReportRequest.DefaultDays;

    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    protected override void EndProcessing()
    {
        var request = new ReportRequest(GetUnresolvedProviderPathFromPSPath(Path), Days) { WorkspaceIds = WorkspaceId, Title = Title, NoClobber = NoClobber };
        try
        {
            var path = ObservabilityReportBuilder.CheckPath(request);
            if (!ShouldProcess(path, $"Write the Genie observability report of the last {Days} days"))
            {
                return;
            }

            WriteObject(WithWarehouse(Path, (warehouse, token) => new ObservabilityReportBuilder(new AnalyticsSource(warehouse)).WriteAsync(request, token)));
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, Path);
        }
    }
}
