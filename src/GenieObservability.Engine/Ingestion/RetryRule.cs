using System.Globalization;
using System.Reflection;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// The one rule for what a failed fetch costs a message and how long the message is offered again.
/// <list type="bullet">
/// <item>A failure of the message itself (its own 5xx, timeout, 401 or invalid answer while its workspace answered
/// other requests of the run) adds one to retry_count; the message is retried while retry_count is below MaxRetries.</item>
/// <item>NOT_FOUND, PERMISSION_DENIED, BAD_REQUEST and CONFLICT are permanent at once.</item>
/// <item>A failure of the workspace (no token, credential rejected, unreachable, only failing, rate limited) adds
/// nothing: the message is offered on every run, whatever its retry_count, until MaxAge after its first failure.</item>
/// </list>
/// A failure after a resolved one starts a new count (and a new first_failed_at).
/// </summary>
public static class RetryRule
{
    public const int DefaultMaxRetries = 5;

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromDays(30);

    private static readonly string[] ErrorTypes = typeof(GenieApiErrorType)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    /// <summary>Transient failures of a message itself: retried a bounded number of times.</summary>
    internal static IReadOnlyList<string> MessageRetryTypes { get; } = ErrorTypes.Where(t => GenieApiErrorType.IsTransient(t) && !GenieApiErrorType.IsWorkspaceLevel(t)).ToArray();

    /// <summary>Failures of a workspace: retried for a bounded time.</summary>
    internal static IReadOnlyList<string> WorkspaceTypes { get; } = ErrorTypes.Where(GenieApiErrorType.IsWorkspaceLevel).ToArray();

    /// <summary>retry_count after <paramref name="failure"/>.</summary>
    internal static int RetryCountAfter(ExistingError? previous, FetchFailure failure)
    {
        var before = previous is { Resolved: false } ? previous.RetryCount : 0;
        return failure.IsWorkspaceLevel ? before : before + 1;
    }

    /// <summary>first_failed_at after a failure at <paramref name="now"/>.</summary>
    internal static DateTimeOffset FirstFailedAt(ExistingError? previous, DateTimeOffset now) =>
        previous is { Resolved: false, FirstFailedAt: { } first } ? first : now;

    /// <summary>True for an item offered as a retry whose own failures have used up <paramref name="maxRetries"/>.</summary>
    public static bool IsExhausted(string? reason, int retryCount, string? errorType, int maxRetries) =>
        string.Equals(reason, GenieMessageToFetch.ReasonRetry, StringComparison.OrdinalIgnoreCase)
        && !GenieApiErrorType.IsWorkspaceLevel(errorType)
        && retryCount >= maxRetries;

    /// <summary>
    /// The condition on message_fetch_errors (as <paramref name="alias"/>) for rows still to retry, with its values added to
    /// <paramref name="parameters"/>. Portable SQL: the age bound is a parameter, not date arithmetic.
    /// </summary>
    internal static string RetryableSql(string alias, int maxRetries, DateTimeOffset now, TimeSpan maxAge, Dictionary<string, object?> parameters)
    {
        parameters["max_retries"] = maxRetries;
        parameters["retry_since"] = (now - maxAge).UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"""
            coalesce({alias}.resolved, FALSE) = FALSE
              AND (({alias}.error_type IN ({SqlInList.Markers("message_type", MessageRetryTypes, parameters)}) AND coalesce({alias}.retry_count, 0) < :max_retries)
                   OR ({alias}.error_type IN ({SqlInList.Markers("workspace_type", WorkspaceTypes, parameters)}) AND coalesce({alias}.first_failed_at, {alias}.last_attempt_at) >= :retry_since))
            """);
    }
}
