using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Lists the conversations of Genie spaces (the caller's own, or everyone's with -IncludeAll).</summary>
[Cmdlet(VerbsCommon.Get, "GenieConversation", DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(GenieConversationSummary))]
public sealed class GetGenieConversationCommand : GenieContextCmdlet
{
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNullOrEmpty]
    public string[] SpaceId { get; set; } = [];

    /// <summary>Spaces piped from Get-GenieSpace (without this set a piped space would be coerced to its type name by value).</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public GenieSpace[] InputObject { get; set; } = [];

    [Parameter]
    public SwitchParameter IncludeAll { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? Workspace { get; set; }

    protected override void ProcessRecord()
    {
        var genie = RequireGenie(Workspace);
        var includeAll = IncludeAll.IsPresent;
        var spaceIds = ParameterSetName == InputObjectSet ? InputObject.Select(space => space.SpaceId).ToArray() : SpaceId;
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
