namespace GenieObservability;

/// <summary>A Databricks REST call that failed, classified. Never carries a credential.</summary>
public sealed class GenieApiException : GenieObservabilityException
{
    public GenieApiException()
        : this(GenieApiErrorType.ServerError, "A Databricks API call failed.")
    {
    }

    public GenieApiException(string message)
        : this(GenieApiErrorType.ServerError, message)
    {
    }

    public GenieApiException(string message, Exception? innerException)
        : this(GenieApiErrorType.ServerError, message, innerException: innerException)
    {
    }

    public GenieApiException(
        string errorType,
        string message,
        int? httpStatus = null,
        string? errorCode = null,
        string? requestId = null,
        string? method = null,
        string? path = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, "GenieApi." + errorType, CategoryFor(errorType), innerException)
    {
        ErrorType = errorType;
        HttpStatus = httpStatus;
        ErrorCode = errorCode;
        RequestId = requestId;
        Method = method;
        Path = path;
        RetryAfter = retryAfter;
    }

    /// <summary>AUTH_ERROR, PERMISSION_DENIED, NOT_FOUND, RATE_LIMITED, TIMEOUT, SERVER_ERROR, INVALID_RESPONSE, ...</summary>
    public string ErrorType { get; }

    public int? HttpStatus { get; }

    /// <summary>The Databricks error_code from the body, when there was one.</summary>
    public string? ErrorCode { get; }

    public string? RequestId { get; }

    public string? Method { get; }

    /// <summary>The request path without the query string.</summary>
    public string? Path { get; }

    public TimeSpan? RetryAfter { get; }

    public bool IsTransient => GenieApiErrorType.IsTransient(ErrorType);

    private static GenieErrorCategory CategoryFor(string errorType) => errorType switch
    {
        GenieApiErrorType.AuthError or GenieApiErrorType.NoToken or GenieApiErrorType.CredentialRejected => GenieErrorCategory.AuthenticationError,
        GenieApiErrorType.WorkspaceUnreachable => GenieErrorCategory.ConnectionError,
        GenieApiErrorType.PermissionDenied => GenieErrorCategory.PermissionDenied,
        GenieApiErrorType.NotFound => GenieErrorCategory.ObjectNotFound,
        GenieApiErrorType.RateLimited => GenieErrorCategory.LimitsExceeded,
        GenieApiErrorType.Timeout => GenieErrorCategory.OperationTimeout,
        GenieApiErrorType.InvalidResponse => GenieErrorCategory.InvalidResult,
        GenieApiErrorType.BadRequest => GenieErrorCategory.InvalidArgument,
        GenieApiErrorType.Conflict => GenieErrorCategory.ResourceBusy,
        _ => GenieErrorCategory.ResourceUnavailable,
    };
}
