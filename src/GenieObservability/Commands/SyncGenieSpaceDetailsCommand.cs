using System.Management.Automation;
using System.Runtime.CompilerServices;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Sync;

namespace GenieObservability.Commands;

/// <summary>
/// Fetches each Genie space's configuration (include_serialized_space=true) and merges it into genie_space_details.
/// Without pipeline input: every space in genie_messages_to_fetch, and with -AllSpaces every space each workspace lists
/// (idle ones too). A failed, forbidden or empty fetch keeps the last good configuration; a 404 marks the space deleted.
/// Emits a GenieSpaceDetail per space; the run summary goes to the Information stream.
/// </summary>
[Cmdlet(VerbsData.Sync, "GenieSpaceDetails", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GenieSpaceDetail))]
public sealed class SyncGenieSpaceDetailsCommand : GenieContextCmdlet
{
    private readonly List<SpaceSyncTarget> _piped = [];
    private bool _hadPipelineInput;

    /// <summary>Only these workspaces (no input), or the workspace of the piped space.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("workspace_id")]
    [ValidateNotNullOrEmpty]
    public string[]? WorkspaceId { get; set; }

    /// <summary>Only these spaces (no input), or the piped space.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNullOrEmpty]
    public string[]? SpaceId { get; set; }

    /// <summary>The workspace URL of the piped space (Get-GenieSpace gives WorkspaceHost); default: the connected workspace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? WorkspaceUrl { get; set; }

    /// <summary>Without input: every space of each workspace (list API), not only those in the silver table.</summary>
    [Parameter]
    public SwitchParameter AllSpaces { get; set; }

    /// <summary>How many spaces are fetched at once.</summary>
    [Parameter]
    [ValidateRange(1, SpaceSync.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = SpaceSync.DefaultThrottleLimit;

    protected override void ProcessRecord()
    {
        if (!MyInvocation.ExpectingInput)
        {
            return;
        }

        _hadPipelineInput = true;
        if (SpaceId is not { Length: > 0 })
        {
            WriteError(new ErrorRecord(
                new GenieObservabilityException("The piped object has no SpaceId (or space_id) property.", "NoSpaceId", GenieErrorCategory.InvalidArgument),
                "NoSpaceId",
                ErrorCategory.InvalidArgument,
                null));
            return;
        }

        // Without a workspace id, the engine gives the one the tables already use for this workspace URL.
        foreach (var spaceId in SpaceId)
        {
            _piped.Add(new SpaceSyncTarget(WorkspaceId is { Length: > 0 } ? WorkspaceId[0] : string.Empty, WorkspaceUrl, spaceId));
        }
    }

    protected override void EndProcessing()
    {
        if (_hadPipelineInput && _piped.Count == 0)
        {
            return;
        }

        var session = RequireWorkspace();
        var warehouse = OpenWarehouse();
        GenieSpaceSyncSummary? summary = null;
        try
        {
            summary = Run(async ct =>
            {
                var sync = new SpaceSync(warehouse, host => session.Genie(host, Log), session.Host, Log) { ThrottleLimit = ThrottleLimit };
                var inventory = new SpaceInventory(warehouse, host => session.Genie(host, Log), session.Host, Log);
                var targets = _hadPipelineInput ? inventory.WithWorkspaceIdsAsync(_piped, ct)
                    : AllSpaces ? inventory.EverySpaceAsync(WorkspaceId, SpaceId, ct)
                    : inventory.FromSilverAsync(WorkspaceId, SpaceId, ct);
                return await sync.RunAsync(Approved(targets, ct), Emit, ct).ConfigureAwait(false);
            });
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, "genie_space_details");
        }
        finally
        {
            warehouse.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (summary is not null)
        {
            WriteVerbose(summary.ToString());
            WriteInformation(summary, ["GenieSpaceSyncSummary"]);
        }
    }

    private async IAsyncEnumerable<SpaceSyncTarget> Approved(IAsyncEnumerable<SpaceSyncTarget> targets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (AskShouldProcess($"space {target.SpaceId} in workspace {target.WorkspaceId}", "Fetch the space configuration and merge it into genie_space_details"))
            {
                yield return target;
            }
        }
    }
}
