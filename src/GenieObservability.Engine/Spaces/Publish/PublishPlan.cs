using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Spaces.Backup;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>What publishing one source needs: the action, the target as the plan read it, the request body, a readable diff summary, the pre-flight.</summary>
public sealed class PublishPlan
{
    public required SpaceBackupDocument Source { get; init; }

    public required GenieSpacePublishAction Action { get; init; }

    /// <summary>The mapped target (null for a first create).</summary>
    public string? TargetSpaceId { get; init; }

    /// <summary>The target as the plan's GET returned it (null for a create): what apply checks is still there.</summary>
    public GenieSpace? Target { get; init; }

    /// <summary>The target's etag from the plan's GET; sent with the update so a concurrent edit is not overwritten.</summary>
    public string? TargetEtag => Target?.Etag;

    /// <summary>The body to send: the full space for a create, only the changed fields for an update.</summary>
    public required GenieSpaceWrite Write { get; init; }

    public required IReadOnlyList<string> Changes { get; init; }

    /// <summary>What the pre-flight found missing in the target (passed for an unchanged space, which is not checked).</summary>
    public PreflightResult Preflight { get; init; } = PreflightResult.Passed;

    public bool NeedsWrite => Action is GenieSpacePublishAction.Create or GenieSpacePublishAction.Recreate or GenieSpacePublishAction.Update;
}

/// <summary>What applying a plan did: the action taken (Conflict when the target moved), the target, and why when nothing was written.</summary>
public sealed record PublishOutcome(GenieSpacePublishAction Action, string? TargetSpaceId, string? Reason = null);
