using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Reads genie_space_metrics (gold): conversations, messages and users per space over the last refresh's window.</summary>
[Cmdlet(VerbsCommon.Get, "GenieSpaceMetrics")]
[OutputType(typeof(GenieSpaceMetric))]
public sealed class GetGenieSpaceMetricsCommand : GenieContextCmdlet
{
    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNull]
    public string[] SpaceId { get; set; } = [];

    private readonly List<string> _spaces = [];

    protected override void ProcessRecord() => _spaces.AddRange(SpaceId);

    protected override void EndProcessing()
    {
        var workspaces = WorkspaceId;
        var spaces = _spaces.Distinct(StringComparer.Ordinal).ToList();
        WithWarehouse("genie_space_metrics", async (warehouse, cancellationToken) =>
        {
            await foreach (var metric in new Engine.Pipeline.PipelineTablesReader(warehouse).SpaceMetricsAsync(workspaces, spaces, Log, cancellationToken).ConfigureAwait(false))
            {
                Emit(metric);
            }
        });
    }
}
