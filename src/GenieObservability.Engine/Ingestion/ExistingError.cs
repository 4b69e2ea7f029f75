namespace GenieObservability.Engine.Ingestion;

/// <summary>A message_fetch_errors row as it stands before this batch.</summary>
internal sealed record ExistingError(
    int RetryCount,
    DateTimeOffset? FirstFailedAt,
    bool Resolved,
    string? ErrorType,
    int? HttpStatus,
    string? ErrorCode,
    string? ErrorMessage,
    string? FailureScope);
