using GenieObservability.Engine.Ingestion;

namespace GenieObservability.Engine.Pipeline;

/// <summary>Filters and bounds of Get-GenieMessagesToFetch.</summary>
public sealed record MessagesToFetchQuery
{
    public const int DefaultMaxRetries = RetryRule.DefaultMaxRetries;

    public static readonly TimeSpan DefaultMaxRetryAge = RetryRule.DefaultMaxAge;

    public static readonly TimeSpan DefaultPendingMaxAge = TimeSpan.FromHours(24);

    public IReadOnlyList<string> WorkspaceIds { get; init; } = [];

    public IReadOnlyList<string> SpaceIds { get; init; } = [];

    /// <summary>A message's own transient failures are retried while retry_count is below this.</summary>
    public int MaxRetries { get; init; } = DefaultMaxRetries;

    /// <summary>A message whose workspace failed is retried until this long after its first failure.</summary>
    public TimeSpan MaxRetryAge { get; init; } = DefaultMaxRetryAge;

    /// <summary>Non-terminal messages are re-fetched while younger than this.</summary>
    public TimeSpan PendingMaxAge { get; init; } = DefaultPendingMaxAge;

    public bool IncludeNew { get; init; } = true;

    public bool IncludeRetry { get; init; } = true;

    public bool IncludePending { get; init; } = true;

    public bool IncludeFeedback { get; init; } = true;
}
