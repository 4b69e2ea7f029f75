using System.Management.Automation;
using System.Runtime.CompilerServices;
using GenieObservability.Engine.Spaces.Sync;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// The cmdlets that work space by space (Sync-GenieSpaceDetails, Sync-GenieSpaceEvaluation): the spaces are the piped
/// objects (SpaceId, WorkspaceId, WorkspaceUrl by property name), else every space of the silver table, or with
/// -AllSpaces every space each workspace lists, narrowed by -WorkspaceId and -SpaceId; each is asked ShouldProcess
/// before any request for it.
/// </summary>
public abstract class SpaceTargetCmdlet : GenieContextCmdlet
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

    /// <summary>True when input was piped but none of it named a space: there is nothing to do.</summary>
    private bool NothingToDo => _hadPipelineInput && _piped.Count == 0;

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

    /// <summary>
    /// The whole of EndProcessing: opens the warehouse, runs <paramref name="sync"/> over the approved spaces, fails
    /// as a whole on a warehouse or workspace failure (naming <paramref name="table"/>), and writes the summary to
    /// Verbose and the Information stream (tag <paramref name="summaryTag"/>).
    /// </summary>
    private protected void SyncSpaces<TSummary>(string action, string table, string summaryTag, Func<IWarehouse, Engine.WorkspaceSession, IAsyncEnumerable<SpaceSyncTarget>, CancellationToken, Task<TSummary>> sync)
        where TSummary : class
    {
        if (NothingToDo)
        {
            return;
        }

        var session = RequireWorkspace();
        var summary = WithWarehouse(table, (warehouse, ct) => sync(warehouse, session, Targets(warehouse, session, action, ct), ct));
        WriteVerbose(summary.ToString());
        WriteInformation(summary, [summaryTag]);
    }

    /// <summary>The spaces to work on; each passed on only once ShouldProcess agreed to <paramref name="action"/>.</summary>
    private IAsyncEnumerable<SpaceSyncTarget> Targets(IWarehouse warehouse, Engine.WorkspaceSession session, string action, CancellationToken cancellationToken)
    {
        var inventory = new SpaceInventory(warehouse, host => session.Genie(host, Log), session.Host, Log);
        var targets = _hadPipelineInput ? inventory.WithWorkspaceIdsAsync(_piped, cancellationToken)
            : AllSpaces ? inventory.EverySpaceAsync(WorkspaceId, SpaceId, cancellationToken)
            : inventory.FromSilverAsync(WorkspaceId, SpaceId, cancellationToken);
        return Approved(targets, action, cancellationToken);
    }

    private async IAsyncEnumerable<SpaceSyncTarget> Approved(IAsyncEnumerable<SpaceSyncTarget> targets, string action, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (AskShouldProcess($"space {target.SpaceId} in workspace {target.WorkspaceId}", action))
            {
                yield return target;
            }
        }
    }
}
