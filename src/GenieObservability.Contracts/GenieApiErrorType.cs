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
    public const string NoToken = "NO_TOKEN";

    /// <summary>Errors a later run may fix by trying again.</summary>
    public static bool IsTransient(string errorType) => errorType is RateLimited or Timeout or ServerError or AuthError or NoToken or InvalidResponse;
}
