namespace GenieObservability.Engine.Pipeline;

/// <summary>Which spaces the reconciliation lists, since when, and the workspace id its messages are stored under.</summary>
public sealed record ReconciliationQuery
{
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromDays(30);

    public required IReadOnlyList<string> SpaceIds { get; init; }

    /// <summary>Conversations created before this, and messages created before this, are not listed or offered.</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>The workspace id; null resolves it from the tables by workspace URL, else from the host name.</summary>
    public string? WorkspaceId { get; init; }

    /// <summary>Messages checked against the warehouse per query.</summary>
    public int LookupBatchSize { get; init; } = 200;
}
