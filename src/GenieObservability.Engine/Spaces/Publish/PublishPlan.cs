using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Spaces.Backup;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>What publishing one source needs: the action, the target, the request body, and a readable diff summary.</summary>
public sealed class PublishPlan
{
    public required SpaceBackupDocument Source { get; init; }

    public required GenieSpacePublishAction Action { get; init; }

    /// <summary>The mapped target (null for a first create).</summary>
    public string? TargetSpaceId { get; init; }

    /// <summary>The target's etag from the plan's GET; sent with the update so a concurrent edit is not overwritten.</summary>
    public string? TargetEtag { get; init; }

    /// <summary>The body to send: the full space for a create, only the changed fields for an update.</summary>
    public required GenieSpaceWrite Write { get; init; }

    public required IReadOnlyList<string> Changes { get; init; }

    public bool NeedsWrite => Action != GenieSpacePublishAction.Unchanged;
}
