using System.Management.Automation;
using System.Runtime.CompilerServices;
using GenieObservability.Engine.Spaces;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// The cmdlets that work space by space (Sync-GenieSpaceDetails, Sync-GenieSpaceEvaluation): the spaces are the piped
/// objects (SpaceId, WorkspaceId, WorkspaceUrl by property name), else every space of the silver table, narrowed by
/// -WorkspaceId and -SpaceId; each is asked ShouldProcess before any request for it.
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

    /// <summary>True when input was piped but none of it named a space: there is nothing to do.</summary>
    private protected bool NothingToDo => _hadPipelineInput && _piped.Count == 0;

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

        foreach (var spaceId in SpaceId)
        {
            var host = WorkspaceUrl ?? ResolveContext().Host;
            var workspaceId = WorkspaceId is { Length: > 0 } ? WorkspaceId[0] : host is null ? string.Empty : SpaceSyncTarget.WorkspaceIdFromHost(host);
            _piped.Add(new SpaceSyncTarget(workspaceId, WorkspaceUrl, spaceId));
        }
    }

    /// <summary>The piped spaces, else the silver table's; each passed on only once ShouldProcess agreed to <paramref name="action"/>.</summary>
    private protected IAsyncEnumerable<SpaceSyncTarget> Targets(IWarehouse warehouse, Engine.WorkspaceSession session, string action, CancellationToken cancellationToken)
    {
        var targets = _hadPipelineInput
            ? ToAsync(_piped)
            : new SpaceSync(warehouse, host => session.Genie(host, Log), session.Host, Log).ReadTargetsFromSilverAsync(WorkspaceId, SpaceId, cancellationToken);
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

    private static async IAsyncEnumerable<SpaceSyncTarget> ToAsync(IEnumerable<SpaceSyncTarget> targets)
    {
        foreach (var target in targets)
        {
            yield return target;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }
}
