namespace GenieObservability;

/// <summary>How a failed Databricks API call is classified; also the error_type stored in message_fetch_errors.</summary>
public static class GenieApiErrorType
{
    public const string AuthError = "AUTH_ERROR";
    public const string PermissionDenied = "PERMISSION_DENIED";
    public const string NotFound = "NOT_FOUND";
    public const string RateLimited = "RATE_LIMITED";
    public const string Timeout = "TIMEOUT";
    public const string ServerError = "SERVER_ERROR";
    public const string InvalidResponse = "INVALID_RESPONSE";
    public const string BadRequest = "BAD_REQUEST";
    public const string Conflict = "CONFLICT";

    /// <summary>The credential could not produce a token: the token endpoint failed or could not be reached.</summary>
    public const string NoToken = "NO_TOKEN";

    /// <summary>The token endpoint refused the credential (invalid_client, a wrong or expired secret), or the workspace refused every token.</summary>
    public const string CredentialRejected = "CREDENTIAL_REJECTED";

    /// <summary>The workspace host gave no HTTP answer at all: DNS, TLS, connection refused or reset, timeouts.</summary>
    public const string WorkspaceUnreachable = "WORKSPACE_UNREACHABLE";

    /// <summary>The workspace host answered, but only with server errors (5xx) or something that is not the API.</summary>
    public const string WorkspaceUnavailable = "WORKSPACE_UNAVAILABLE";

    /// <summary>Errors a later run may fix by trying again.</summary>
    public static bool IsTransient(string errorType) =>
        IsWorkspaceLevel(errorType) || errorType is Timeout or ServerError or AuthError or InvalidResponse;

    /// <summary>
    /// Failures of the workspace (its credential, its host, its rate), not of one message: they never spend a message's
    /// retry budget and never make a message permanent.
    /// </summary>
    public static bool IsWorkspaceLevel(string? errorType) =>
        errorType is NoToken or CredentialRejected or WorkspaceUnreachable or WorkspaceUnavailable or RateLimited;
}
