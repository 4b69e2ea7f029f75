using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Lists the conversations of Genie spaces (the caller's own, or everyone's with -IncludeAll).</summary>
[Cmdlet(VerbsCommon.Get, "GenieConversation")]
[OutputType(typeof(GenieConversationSummary))]
public sealed class GetGenieConversationCommand : GenieContextCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNullOrEmpty]
    public string[] SpaceId { get; set; } = [];

    [Parameter]
    public SwitchParameter IncludeAll { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? Workspace { get; set; }

    protected override void ProcessRecord()
    {
        var genie = RequireGenie(Workspace);
        var includeAll = IncludeAll.IsPresent;
        var spaceIds = SpaceId;
        Run(async cancellationToken =>
        {
            foreach (var spaceId in spaceIds)
            {
                try
                {
                    await foreach (var conversation in genie.ListConversationsAsync(spaceId, includeAll, cancellationToken).ConfigureAwait(false))
                    {
                        Emit(conversation);
                    }
                }
                catch (Exception ex) when (ex is GenieObservabilityException or ArgumentException)
                {
                    EmitError(ex, spaceId);
                }
            }
        });
    }
}
