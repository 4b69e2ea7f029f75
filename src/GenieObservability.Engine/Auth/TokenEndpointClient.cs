using System.Net;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Sends one token request with retries and turns every failure into a <see cref="GenieApiException"/> whose message
/// says what to fix and never contains a secret: AUTH_ERROR when the credential was refused, NO_TOKEN otherwise.
/// </summary>
internal sealed class TokenEndpointClient(HttpClient http, TokenRetryPolicy retry, TimeProvider time)
{
    public async Task<BearerToken> SendAsync(Func<HttpRequestMessage> createRequest, TokenRequestDescription context, IOperationLog log, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpStatusCode status;
            string body;
            TimeSpan? retryAfter;
            string? mediaType;
            try
            {
                using var request = createRequest();
                log.Debug($"Requesting a token from {context.Endpoint} for {context.Credential} (attempt {attempt}).");
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                status = response.StatusCode;
                retryAfter = RetryAfterHeader.Parse(response.Headers, time);
                mediaType = response.Content.Headers.ContentType?.MediaType;
                body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                var reason = SecretRedactor.Redact(Describe(ex), [.. context.Secrets]);
                if (attempt < retry.MaxAttempts)
                {
                    log.Debug($"Token endpoint {context.Endpoint} failed ({reason}); retrying.");
                    await Task.Delay(retry.DelayFor(attempt, null), time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new GenieApiException(
                    GenieApiErrorType.NoToken,
                    $"Could not get a token for {context.Credential}: {context.Endpoint} could not be reached ({reason}) after {attempt} attempt(s). {context.Fix}",
                    path: context.Endpoint,
                    method: "token");
            }

            if ((int)status is >= 200 and < 300)
            {
                if (TokenResponse.TryParse(body, time.GetUtcNow(), out var token))
                {
                    log.Debug($"Got a token for {context.Credential} from {context.Endpoint}, valid until {token!.ExpiresOn:u}.");
                    return token;
                }

                throw new GenieApiException(
                    GenieApiErrorType.NoToken,
                    $"{context.Endpoint} answered HTTP {(int)status} without an access token ({mediaType ?? "no content type"}{(mediaType == "text/html" ? ", a login or proxy page?" : string.Empty)}). Check that the URL points at the right endpoint.",
                    httpStatus: (int)status,
                    path: context.Endpoint);
            }

            var transient = status is HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;
            if (transient && attempt < retry.MaxAttempts)
            {
                var delay = retry.DelayFor(attempt, retryAfter);
                log.Debug($"Token endpoint {context.Endpoint} answered HTTP {(int)status}; retrying in {delay.TotalSeconds:0.#} s.");
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            var detail = TokenResponse.DescribeError(body);
            detail = detail is null ? string.Empty : ": " + SecretRedactor.Redact(detail, [.. context.Secrets]);
            if (status is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new GenieApiException(
                    GenieApiErrorType.AuthError,
                    $"{context.Endpoint} refused the credential for {context.Credential} (HTTP {(int)status}{detail}). {context.Fix}",
                    httpStatus: (int)status,
                    path: context.Endpoint);
            }

            var after = transient ? $" after {attempt} attempts" : string.Empty;
            throw new GenieApiException(
                GenieApiErrorType.NoToken,
                $"Could not get a token for {context.Credential}: {context.Endpoint} answered HTTP {(int)status}{detail}{after}. {(transient ? "The endpoint is busy or failing; try again later." : context.Fix)}",
                httpStatus: (int)status,
                path: context.Endpoint,
                retryAfter: retryAfter);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        TaskCanceledException => "timed out",
        HttpRequestException { InnerException: { } inner } => inner.Message,
        _ => ex.Message,
    };
}
