using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Evaluation;

namespace GenieObservability.Commands;

/// <summary>
/// Syncs the evaluation (benchmark) runs of Genie spaces into genie_space_eval_runs, with their per-question results
/// and GOOD/BAD/NEEDS_REVIEW assessments in genie_space_eval_results. Incremental: runs already stored as finished are
/// not read again. Without pipeline input: every space in genie_messages_to_fetch (with -AllSpaces, every space each
/// workspace lists). Emits a GenieSpaceEvaluationRun per run stored; the run summary goes to the Information stream,
/// spaces that could not be listed to one warning.
/// </summary>
[Cmdlet(VerbsData.Sync, "GenieSpaceEvaluation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GenieSpaceEvaluationRun))]
public sealed class SyncGenieSpaceEvaluationCommand : SpaceTargetCmdlet
{
    /// <summary>How many spaces are read at once.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int ThrottleLimit { get; set; } = 4;

    protected override void EndProcessing() => SyncSpaces(
        "Read the evaluation runs and merge them into genie_space_eval_runs",
        "genie_space_eval_runs",
        "GenieSpaceEvaluationSummary",
        (warehouse, session, targets, ct) => new SpaceEvaluationSync(warehouse, host => session.Genie(host, Log), session.Host, Log) { ThrottleLimit = ThrottleLimit }.RunAsync(targets, Emit, ct));
}
