using System.Text.Json;

namespace GenieObservability.Engine.Ingestion;

/// <summary>Why one message could not be fetched, classified for message_fetch_errors.</summary>
public sealed record FetchFailure(string ErrorType, int? HttpStatus, string? ErrorCode, string Message)
{
    /// <summary>Longest error_message kept; API error bodies can be whole HTML pages.</summary>
    private const int MaxMessageLength = 4000;

    public bool IsTransient => GenieApiErrorType.IsTransient(ErrorType);

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

    /// <summary>The workspace's credential could not produce a token: every message of it gets this, without a request.</summary>
    public static FetchFailure NoToken(Uri host, Exception cause) =>
        new(GenieApiErrorType.NoToken, null, (cause as GenieApiException)?.ErrorCode, Trim($"No token for {host.GetLeftPart(UriPartial.Authority)}: {cause.Message}"));

    private static string Trim(string message) => message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
}
