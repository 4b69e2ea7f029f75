using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GenieObservability.Engine.Auth;
using Polly;
using Polly.Retry;

namespace GenieObservability.Engine.Http;

/// <summary>
/// Resilient JSON calls to one Databricks workspace host. Every request gets a bearer token from the
/// <see cref="ITokenProvider"/>; a 401 forces a token refresh (shared by all callers that saw the same stale token)
/// and a retry, up to three times while each refresh brings a token not yet rejected. Retries (Polly): 429 and 503
/// for every method, honouring Retry-After, because the server did not process the request; 500/502/504, attempt timeouts and dropped connections only for idempotent calls, since a
/// POST may already have taken effect; a failed connect (nothing was sent) for every method. Exponential backoff with
/// jitter, a per-attempt timeout and a total budget per call (<see cref="ApiClientOptions"/>). Every request waits for
/// its turn at the host's <see cref="AdaptiveRateController"/> (shared by every caller of the host: it learns the rate
/// the host admits from its 429s and holds requests back until a Retry-After has passed), and at the budget of the
/// caller's <see cref="RequestScope"/> when it has one. Failures are <see cref="GenieApiException"/>; cancellation is
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class DatabricksApiClient
{
    private const int MaxTokenRefreshesPerCall = 3;
    private static readonly ResiliencePropertyKey<CallState> CallKey = new("GenieObservability.Call");
    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    private readonly HttpClient _http;
    private readonly ITokenProvider _tokens;
    private readonly SharedState _shared;
    private readonly IOperationLog _log;
    private readonly RequestScope? _scope;
    private readonly ResiliencePipeline _pipeline;

    public DatabricksApiClient(HttpClient http, Uri host, ITokenProvider tokens, ApiClientOptions? options = null, IOperationLog? log = null)
        : this(http, NormalizeHost(host), tokens, CreateShared(host, options), log ?? NullOperationLog.Instance, null)
    {
    }

    private DatabricksApiClient(HttpClient http, Uri host, ITokenProvider tokens, SharedState shared, IOperationLog log, RequestScope? scope)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(tokens);
        _http = http;
        Host = host;
        _tokens = tokens;
        _log = log;
        _scope = scope;
        _shared = shared;
        _pipeline = BuildPipeline(shared.Options);
    }

    public Uri Host { get; }

    public ApiClientOptions Options => _shared.Options;

    /// <summary>The host's rate controller, shared by every caller of this host.</summary>
    public AdaptiveRateController RateController => _shared.RateController;

    /// <summary>The same client (same rate controller and token refresh gate) reporting to another log, e.g. one cmdlet's streams.</summary>
    public DatabricksApiClient WithLog(IOperationLog log) => new(_http, Host, _tokens, _shared, log ?? NullOperationLog.Instance, _scope);

    /// <summary>
    /// The same client whose requests also wait for the budget of <paramref name="scope"/> and are counted there (one
    /// run's own -MaxRequestsPerSecond and its 429s), without changing the client other callers of the host share.
    /// </summary>
    public DatabricksApiClient WithScope(RequestScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        scope.Bind(_shared.RateController);
        return new(_http, Host, _tokens, _shared, _log, scope);
    }

    /// <summary>
    /// Sends one API call and returns its parsed JSON body (an empty body becomes <c>{}</c>); the caller disposes it.
    /// <paramref name="idempotent"/> says whether repeating the call after an ambiguous failure (timeout, reset, 5xx) is safe.
    /// </summary>
    public async Task<JsonDocument> SendAsync(HttpMethod method, string pathAndQuery, string? jsonBody, bool idempotent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(method);
        ValidatePath(pathAndQuery);
        var state = new CallState(method, pathAndQuery, jsonBody, idempotent);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            context.Properties.Set(CallKey, state);
            return await _pipeline.ExecuteAsync(
                static (ctx, self) => new ValueTask<JsonDocument>(self.AttemptAsync(ctx.Properties.GetValue(CallKey, null!), ctx.CancellationToken)),
                context,
                this).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A GET (always idempotent).</summary>
    public Task<JsonDocument> GetAsync(string pathAndQuery, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, pathAndQuery, null, idempotent: true, cancellationToken);

    /// <summary>
    /// One GET, not retried, that may take at most <paramref name="timeout"/> (a 401 still refreshes the token): to learn
    /// quickly whether the host answers at all, without the minutes a call with its retries can take.
    /// </summary>
    public Task<JsonDocument> GetOnceAsync(string pathAndQuery, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ValidatePath(pathAndQuery);
        return AttemptAsync(new CallState(HttpMethod.Get, pathAndQuery, null, idempotent: true) { AttemptTimeout = timeout }, cancellationToken);
    }

    /// <summary>The path of a path-and-query, for logs and errors (query strings can carry page tokens and filters).</summary>
    public static string PathOnly(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var query = pathAndQuery.IndexOfAny(['?', '#']);
        return query < 0 ? pathAndQuery : pathAndQuery[..query];
    }

    /// <summary>Only relative API paths: an absolute URL would send this workspace's token to another host.</summary>
    public static void ValidatePath(string pathAndQuery)
    {
        if (string.IsNullOrWhiteSpace(pathAndQuery) || !pathAndQuery.StartsWith('/') || pathAndQuery.StartsWith("//", StringComparison.Ordinal)
            || pathAndQuery.Any(char.IsControl) || pathAndQuery.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{pathAndQuery}' is not a workspace API path. Give a path that starts with '/', such as /api/2.0/genie/spaces.", nameof(pathAndQuery));
        }
    }

    private static Uri NormalizeHost(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (!host.IsAbsoluteUri || (host.Scheme != Uri.UriSchemeHttps && host.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException($"'{host}' is not an http(s) workspace URL.", nameof(host));
        }

        if (host.Scheme == Uri.UriSchemeHttp && !host.IsLoopback)
        {
            throw new ArgumentException($"Refusing to send a token over plain http to {host.Host}: use https://{host.Authority}.", nameof(host));
        }

        return new Uri(host.GetLeftPart(UriPartial.Authority) + "/");
    }

    private static SharedState CreateShared(Uri host, ApiClientOptions? options)
    {
        options ??= ApiClientOptions.Default;
        options.Validate();
        // The host was checked by NormalizeHost, which runs first.
        return new SharedState(options, new AdaptiveRateController(host.Authority, options.MaxRequestsPerSecond is > 0 and var rps ? rps : null));
    }

    private ResiliencePipeline BuildPipeline(ApiClientOptions options)
    {
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, args.AttemptNumber, args.Context)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(CallKey, null!).NextDelay),
                OnRetry = args =>
                {
                    var call = args.Context.Properties.GetValue(CallKey, null!);
                    var error = args.Outcome.Exception as GenieApiException;

                    // A throttled workspace answers many requests with 429 at once: those retries go to -Debug, and the rate
                    // controller reports on -Verbose what it does about them (at most a line a second per workspace).
                    Action<string> report = error?.ErrorType == GenieApiErrorType.RateLimited ? _log.Debug : _log.Verbose;
                    report(string.Format(
                        CultureInfo.InvariantCulture,
                        "Retrying {0} {1} after {2}{3} (attempt {4} of {5}) in {6:0.0} s.",
                        call.Method.Method,
                        call.Path,
                        error?.HttpStatus is { } status ? "HTTP " + status.ToString(CultureInfo.InvariantCulture) + " " : string.Empty,
                        error?.ErrorType ?? "an error",
                        args.AttemptNumber + 2,
                        options.MaxAttempts,
                        args.RetryDelay.TotalSeconds));
                    return default;
                },
            })
            .Build();
    }

    private bool ShouldRetry(Exception? exception, int attemptNumber, ResilienceContext context)
    {
        if (exception is not GenieApiException error || context.CancellationToken.IsCancellationRequested)
        {
            return false;
        }

        var call = context.Properties.GetValue(CallKey, null!);
        if (!IsRetryable(error, call))
        {
            _log.Debug($"{call.Method.Method} {call.Path}: {error.ErrorType} is not retried{(call.Idempotent ? string.Empty : " (the call is not idempotent)")}.");
            return false;
        }

        var delay = DelayFor(error, attemptNumber);
        var remaining = _shared.Options.TotalTimeout - call.Elapsed;
        if (delay >= remaining)
        {
            _log.Verbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0} {1}: not retrying {2}; waiting {3:0.0} s would exceed the {4:0} s budget of the call.",
                call.Method.Method,
                call.Path,
                error.ErrorType,
                delay.TotalSeconds,
                _shared.Options.TotalTimeout.TotalSeconds));
            return false;
        }

        call.NextDelay = delay;
        return true;
    }

    private static bool IsRetryable(GenieApiException error, CallState call)
    {
        if (error.ErrorType == GenieApiErrorType.RateLimited || error.HttpStatus == 503)
        {
            return true; // throttled or unavailable: the request was not processed, so even a POST is safe to repeat
        }

        if (error.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError })
        {
            return true; // the connection was never established, so nothing was sent
        }

        return call.Idempotent
            && (error.ErrorType == GenieApiErrorType.Timeout
                || (error.ErrorType == GenieApiErrorType.ServerError && error.HttpStatus is null or 500 or 502 or 504));
    }

    private TimeSpan DelayFor(GenieApiException error, int attemptNumber)
    {
        var options = _shared.Options;
        if (error.RetryAfter is { } retryAfter)
        {
            // At least what the server asked for, plus a little jitter so concurrent callers do not return in lockstep.
            return retryAfter + TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250));
        }

        var exponential = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attemptNumber, 16));
        var capped = Math.Min(exponential, options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }

    private async Task<JsonDocument> AttemptAsync(CallState call, CancellationToken cancellationToken)
    {
        call.Attempts++;
        var turn = await WaitTurnAsync(call, cancellationToken).ConfigureAwait(false);
        var remaining = _shared.Options.TotalTimeout - call.Elapsed;
        var limit = call.AttemptTimeout ?? _shared.Options.AttemptTimeout;
        var attemptTimeout = remaining < limit ? remaining : limit;
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (remaining <= TimeSpan.Zero)
            {
                throw new GenieApiException(GenieApiErrorType.Timeout, $"{call.Method.Method} {call.Path} did not complete within its {_shared.Options.TotalTimeout.TotalSeconds:0} s budget.", method: call.Method.Method, path: call.Path);
            }

            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(attemptTimeout);
            var token = await _tokens.GetTokenAsync(Host, false, attempt.Token).ConfigureAwait(false);
            var response = await ExchangeAsync(call, token, turn, attempt.Token).ConfigureAwait(false);
            // A token can lapse between being handed out and being used, and the replacement can lapse too before the
            // retry is sent (many workers, short-lived tokens): retry while each refresh brings a token not yet rejected.
            while (response.Status == HttpStatusCode.Unauthorized && call.TokenRefreshes < MaxTokenRefreshesPerCall)
            {
                call.TokenRefreshes++;
                _log.Debug($"{call.Method.Method} {call.Path}: HTTP 401; refreshing the token and retrying ({call.TokenRefreshes} of {MaxTokenRefreshesPerCall}).");
                var fresh = await RefreshTokenAsync(token, attempt.Token).ConfigureAwait(false);
                if (call.TokenRefreshes > 1 && string.Equals(fresh, token, StringComparison.Ordinal))
                {
                    break;
                }

                token = fresh;
                turn = await WaitTurnAsync(call, attempt.Token).ConfigureAwait(false);
                response = await ExchangeAsync(call, token, turn, attempt.Token).ConfigureAwait(false);
            }

            _log.Debug(string.Format(CultureInfo.InvariantCulture, "{0} {1} -> {2} (attempt {3}, {4:0} ms)", call.Method.Method, call.Path, (int)response.Status, call.Attempts, Stopwatch.GetElapsedTime(started).TotalMilliseconds));
            return Interpret(call, response);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new GenieApiException(
                GenieApiErrorType.Timeout,
                string.Format(CultureInfo.InvariantCulture, "{0} {1} timed out after {2:0.#} s (attempt {3}).", call.Method.Method, call.Path, attemptTimeout.TotalSeconds, call.Attempts),
                method: call.Method.Method,
                path: call.Path,
                innerException: ex);
        }
        catch (HttpRequestException ex)
        {
            throw ConnectionFailure(call, ex);
        }
        catch (IOException ex)
        {
            throw ConnectionFailure(call, ex);
        }
    }

    /// <summary>
    /// Waits until this request may be sent: the caller's own budget (its <see cref="RequestScope"/>), then the host's
    /// rate controller. Returns the turn, to report the answer on.
    /// </summary>
    private async Task<RequestTurn> WaitTurnAsync(CallState call, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (_scope?.Budget is { } budget)
        {
            await budget.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        var controller = _shared.RateController;
        var remaining = _shared.Options.TotalTimeout - call.Elapsed;
        if (await controller.WaitTurnAsync(remaining, cancellationToken).ConfigureAwait(false) is not { } turn)
        {
            var pause = controller.PauseRemaining;
            throw new GenieApiException(
                GenieApiErrorType.RateLimited,
                string.Format(CultureInfo.InvariantCulture, "{0} {1} was not sent: {2} asked for no requests during the next {3:0.#} s (Retry-After), longer than the {4:0} s budget of the call.", call.Method.Method, call.Path, Host.Host, pause.TotalSeconds, _shared.Options.TotalTimeout.TotalSeconds),
                method: call.Method.Method,
                path: call.Path,
                retryAfter: pause);
        }

        var waited = Stopwatch.GetElapsedTime(started);
        if (waited > TimeSpan.FromMilliseconds(500))
        {
            _log.Debug(string.Format(CultureInfo.InvariantCulture, "{0} {1}: waited {2:0.0} s for its turn at {3}.", call.Method.Method, call.Path, waited.TotalSeconds, Host.Host));
        }

        if (call.Elapsed >= _shared.Options.TotalTimeout)
        {
            // The budget went on waiting for a turn (a throttled host, a slow pace): that is rate limiting, not a timeout.
            throw new GenieApiException(
                GenieApiErrorType.RateLimited,
                string.Format(CultureInfo.InvariantCulture, "{0} {1} was not sent: waiting {2:0.#} s for its turn at {3} used up the {4:0} s budget of the call.", call.Method.Method, call.Path, waited.TotalSeconds, Host.Host, _shared.Options.TotalTimeout.TotalSeconds),
                method: call.Method.Method,
                path: call.Path);
        }

        return turn;
    }

    /// <summary>Sends one request and tells the rate controller (and the caller's scope) how the host answered.</summary>
    private async Task<RawResponse> ExchangeAsync(CallState call, string token, RequestTurn turn, CancellationToken cancellationToken)
    {
        _scope?.OnSent();
        var response = await SendOnceAsync(call, token, cancellationToken).ConfigureAwait(false);
        var rateLimited = response.Error?.ErrorType == GenieApiErrorType.RateLimited;
        if (rateLimited)
        {
            _scope?.OnRateLimited();
        }

        if (turn.Answered(rateLimited, rateLimited ? response.Error!.RetryAfter : null) is { } adjustment)
        {
            _log.Verbose(adjustment);
        }

        return response;
    }

    private GenieApiException ConnectionFailure(CallState call, Exception ex)
    {
        _log.Debug($"{call.Method.Method} {call.Path}: connection failed (attempt {call.Attempts}): {ex.GetType().Name}.");
        var what = ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } ? "could not connect to" : "lost its connection to";
        return new GenieApiException(
            GenieApiErrorType.ServerError,
            $"{call.Method.Method} {call.Path} {what} {Host.Host}: {ex.Message}",
            method: call.Method.Method,
            path: call.Path,
            innerException: ex);
    }

    private async Task<string> RefreshTokenAsync(string staleToken, CancellationToken cancellationToken)
    {
        // Concurrent callers that all met the same expired token share one refresh: whoever comes second finds a new
        // token already cached and uses it.
        await _shared.RefreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = await _tokens.GetTokenAsync(Host, false, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(current, staleToken, StringComparison.Ordinal))
            {
                return current;
            }

            return await _tokens.GetTokenAsync(Host, true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _shared.RefreshGate.Release();
        }
    }

    private async Task<RawResponse> SendOnceAsync(CallState call, string token, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(call.Method, new Uri(Host, call.PathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (call.Body is not null)
        {
            request.Content = new StringContent(call.Body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var error = (int)response.StatusCode is < 200 or > 299 ? ApiErrorClassifier.FromResponse(call.Method, call.Path, response.StatusCode, response.Headers, mediaType, body) : null;
        return new RawResponse(response.StatusCode, response.Headers, mediaType, body, error);
    }

    private static JsonDocument Interpret(CallState call, RawResponse response)
    {
        if (response.Error is { } error)
        {
            throw error;
        }

        var body = response.Body.AsSpan().Trim(" \t\r\n"u8).IsEmpty ? EmptyObject : response.Body;
        var looksLikeJson = body.AsSpan().TrimStart(" \t\r\n\uFEFF"u8) is [(byte)'{' or (byte)'[', ..];
        if (!looksLikeJson)
        {
            throw ApiErrorClassifier.FromUnreadableSuccess(call.Method, call.Path, response.Status, response.Headers, response.MediaType, response.Body, null);
        }

        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw ApiErrorClassifier.FromUnreadableSuccess(call.Method, call.Path, response.Status, response.Headers, response.MediaType, response.Body, ex);
        }
    }

    /// <summary>One HTTP answer; <see cref="Error"/> is its classification when it is not a success.</summary>
    private sealed record RawResponse(HttpStatusCode Status, HttpResponseHeaders Headers, string? MediaType, byte[] Body, GenieApiException? Error);

    /// <summary>What one client shares with its views (log, scope): options, the host's rate controller, the token refresh gate.</summary>
    private sealed class SharedState(ApiClientOptions options, AdaptiveRateController rateController)
    {
        public ApiClientOptions Options { get; } = options;

        public AdaptiveRateController RateController { get; } = rateController;

        public SemaphoreSlim RefreshGate { get; } = new(1, 1);
    }

    private sealed class CallState(HttpMethod method, string pathAndQuery, string? body, bool idempotent)
    {
        private readonly long _started = Stopwatch.GetTimestamp();

        public HttpMethod Method { get; } = method;

        public string PathAndQuery { get; } = pathAndQuery;

        public string Path { get; } = PathOnly(pathAndQuery);

        public string? Body { get; } = body;

        public bool Idempotent { get; } = idempotent;

        /// <summary>Overrides the options' attempt timeout for this call.</summary>
        public TimeSpan? AttemptTimeout { get; init; }

        public int Attempts { get; set; }

        public int TokenRefreshes { get; set; }

        public TimeSpan NextDelay { get; set; }

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);
    }
}
