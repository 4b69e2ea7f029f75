using System.Management.Automation;
using System.Runtime.CompilerServices;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces;

namespace GenieObservability.Commands;

/// <summary>
/// Syncs the evaluation (benchmark) runs of Genie spaces into genie_space_eval_runs, with their per-question results
/// and GOOD/BAD/NEEDS_REVIEW assessments in genie_space_eval_results. Incremental: runs already stored as finished are
/// not read again. Without pipeline input: every space in genie_messages_to_fetch. Emits a GenieSpaceEvaluationRun per
/// run stored; the run summary goes to the Information stream, spaces that could not be listed to one warning.
/// </summary>
[Cmdlet(VerbsData.Sync, "GenieSpaceEvaluation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GenieSpaceEvaluationRun))]
public sealed class SyncGenieSpaceEvaluationCommand : GenieContextCmdlet
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

    /// <summary>The workspace URL of the piped space; default: the connected workspace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? WorkspaceUrl { get; set; }

    /// <summary>How many spaces are read at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

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

    protected override void EndProcessing()
    {
        if (_hadPipelineInput && _piped.Count == 0)
        {
            return;
        }

        var session = RequireWorkspace();
        var warehouse = OpenWarehouse();
        GenieSpaceEvaluationSummary? summary = null;
        try
        {
            summary = Run(async ct =>
            {
                IAsyncEnumerable<SpaceSyncTarget> targets = _hadPipelineInput
                    ? ToAsync(_piped)
                    : new SpaceSync(warehouse, host => session.Genie(host, Log), session.Host, Log).ReadTargetsFromSilverAsync(WorkspaceId, SpaceId, ct);
                var sync = new SpaceEvaluationSync(warehouse, host => session.Genie(host, Log), session.Host, Log) { ThrottleLimit = ThrottleLimit };
                return await sync.RunAsync(Approved(targets, ct), Emit, ct).ConfigureAwait(false);
            });
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, "genie_space_eval_runs");
        }
        finally
        {
            warehouse.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (summary is not null)
        {
            WriteVerbose(summary.ToString());
            WriteInformation(summary, ["GenieSpaceEvaluationSummary"]);
        }
    }

    private async IAsyncEnumerable<SpaceSyncTarget> Approved(IAsyncEnumerable<SpaceSyncTarget> targets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var target in targets.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (AskShouldProcess($"space {target.SpaceId} in workspace {target.WorkspaceId}", "Read the evaluation runs and merge them into genie_space_eval_runs"))
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
