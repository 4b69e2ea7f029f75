namespace GenieObservability;

/// <summary>One row of genie_space_metrics: adoption of a space over the last refresh's audit window.</summary>
public sealed class GenieSpaceMetric
{
    public string WorkspaceId { get; set; } = string.Empty;

    public string? WorkspaceName { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    public long ConversationCount { get; set; }

    public long MessageCount { get; set; }

    /// <summary>Distinct users over every audit event of the space, not only each message's latest.</summary>
    public long UserCount { get; set; }

    public DateTimeOffset? FirstEventTime { get; set; }

    public DateTimeOffset? LastEventTime { get; set; }
}
