using System.Text.Json;

namespace GenieObservability.Engine.Ingestion;

/// <summary>Why one message could not be fetched, classified for message_fetch_errors.</summary>
public sealed record FetchFailure(string ErrorType, int? HttpStatus, string? ErrorCode, string Message)
{
    /// <summary>Longest error_message kept; API error bodies can be whole HTML pages.</summary>
    private const int MaxMessageLength = 4000;

    public bool IsTransient => GenieApiErrorType.IsTransient(ErrorType);

    /// <summary>A failure of the workspace rather than of the message: it costs the message no retry budget.</summary>
    public bool IsWorkspaceLevel => GenieApiErrorType.IsWorkspaceLevel(ErrorType);

    public GenieApiException ToException() => new(ErrorType, Message, HttpStatus, ErrorCode);

    /// <summary>
    /// Classifies anything a fetch can throw. The client classifies API failures itself (GenieApiException); anything else
    /// reaching here is a transport or parsing failure the client did not wrap.
    /// </summary>
    public static FetchFailure From(Exception exception) => exception switch
    {
        GenieApiException api => new(api.ErrorType, api.HttpStatus, api.ErrorCode, Trim(api.Message)),
        TimeoutException or TaskCanceledException => new(GenieApiErrorType.Timeout, null, null, Trim(exception.Message)),
        HttpRequestException http => new(GenieApiErrorType.ServerError, http.StatusCode is { } code ? (int)code : null, null, Trim(http.Message)),
        JsonException or FormatException => new(GenieApiErrorType.InvalidResponse, null, null, Trim(exception.Message)),
        GenieObservabilityException { Category: GenieErrorCategory.AuthenticationError } auth => new(GenieApiErrorType.NoToken, null, null, Trim(auth.Message)),
        _ => new(GenieApiErrorType.InvalidResponse, null, null, Trim($"{exception.GetType().Name}: {exception.Message}")),
    };

    /// <summary>
    /// The workspace's credential could not produce a token (any exception an <see cref="Auth.ITokenProvider"/> throws):
    /// CREDENTIAL_REJECTED when the token endpoint refused the credential, NO_TOKEN when it failed or could not be reached.
    /// </summary>
    public static FetchFailure FromTokenFailure(Uri host, Exception cause)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(cause);
        var api = cause as GenieApiException;
        var rejected = api is { ErrorType: GenieApiErrorType.AuthError or GenieApiErrorType.CredentialRejected } || api?.HttpStatus is 400 or 401 or 403;
        var authority = host.GetLeftPart(UriPartial.Authority);
        return rejected
            ? new(GenieApiErrorType.CredentialRejected, api?.HttpStatus, api?.ErrorCode, Trim($"The credential for {authority} was refused: {cause.Message}"))
            : new(GenieApiErrorType.NoToken, api?.HttpStatus, api?.ErrorCode, Trim($"No token for {authority}: {cause.Message}"));
    }

    /// <summary>
    /// The workspace itself did not answer a check: no token, credential refused, no HTTP answer at all
    /// (WORKSPACE_UNREACHABLE), or only server errors or something that is not the API (WORKSPACE_UNAVAILABLE).
    /// </summary>
    public static FetchFailure WorkspaceDown(Uri host, FetchFailure cause)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(cause);
        var authority = host.GetLeftPart(UriPartial.Authority);
        return cause.ErrorType switch
        {
            GenieApiErrorType.NoToken or GenieApiErrorType.CredentialRejected => cause,
            GenieApiErrorType.AuthError => cause with { ErrorType = GenieApiErrorType.CredentialRejected, Message = Trim($"{authority} refused every token: {cause.Message}") },
            _ when cause.HttpStatus is null => cause with { ErrorType = GenieApiErrorType.WorkspaceUnreachable, Message = Trim($"{authority} could not be reached: {cause.Message}") },
            _ => cause with { ErrorType = GenieApiErrorType.WorkspaceUnavailable, Message = Trim($"{authority} answers only with failures: {cause.Message}") },
        };
    }

    private static string Trim(string message) => message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
}
