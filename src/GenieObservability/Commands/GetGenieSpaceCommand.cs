using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Lists the Genie spaces of a workspace, or gets the ones named by id (with their serialized configuration on request).</summary>
[Cmdlet(VerbsCommon.Get, "GenieSpace", DefaultParameterSetName = ListSet)]
[OutputType(typeof(GenieSpace))]
public sealed class GetGenieSpaceCommand : GenieContextCmdlet
{
    private const string ListSet = "List";
    private const string ByIdSet = "ById";
    private const string InputObjectSet = "InputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNullOrEmpty]
    public string[] SpaceId { get; set; } = [];

    /// <summary>Spaces piped from Get-GenieSpace or a backup; read again (each from its own workspace). Without this set a piped space would be coerced to its type name by value.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public GenieSpace[] InputObject { get; set; } = [];

    [Parameter]
    public SwitchParameter IncludeSerializedSpace { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? Workspace { get; set; }

    protected override void ProcessRecord()
    {
        var genie = RequireGenie(Workspace);
        if (ParameterSetName == ListSet)
        {
            try
            {
                Run(async cancellationToken =>
                {
                    await foreach (var space in genie.ListSpacesAsync(cancellationToken).ConfigureAwait(false))
                    {
                        if (!IncludeSerializedSpace)
                        {
                            Emit(space);
                            continue;
                        }

                        // The list never carries serialized_space: read each space in full, one bad space does not stop the rest.
                        try
                        {
                            Emit(await genie.GetSpaceAsync(space.SpaceId, includeSerializedSpace: true, cancellationToken).ConfigureAwait(false));
                        }
                        catch (GenieObservabilityException ex)
                        {
                            EmitError(ex, space.SpaceId);
                        }
                    }
                });
            }
            catch (GenieObservabilityException ex)
            {
                Fail(ex, genie.Host);
            }

            return;
        }

        var ids = ParameterSetName == InputObjectSet ? InputObject.Select(space => space.SpaceId).ToArray() : SpaceId;
        Run(async cancellationToken =>
        {
            foreach (var id in ids)
            {
                try
                {
                    Emit(await genie.GetSpaceAsync(id, IncludeSerializedSpace, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is GenieObservabilityException or ArgumentException)
                {
                    EmitError(ex, id);
                }
            }
        });
    }
}
