using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// One request the emulator received, for assertions (the bearer token is kept only as a short hash): when it arrived,
/// when its response started (<see cref="Time"/>), its status and the Retry-After it was given.
/// </summary>
public sealed record LoggedRequest(long Sequence, DateTimeOffset Time, string Method, string Path, string Query, int Status, string? TokenHash, string? Body, DateTimeOffset ReceivedAt, string? RetryAfter);

public sealed class RequestLog
{
    private readonly ConcurrentQueue<LoggedRequest> _entries = new();
    private long _sequence;

    public IReadOnlyList<LoggedRequest> Entries => _entries.ToArray();

    public void Clear() => _entries.Clear();

    public IReadOnlyList<LoggedRequest> Matching(string method, string pathPrefix) =>
        _entries.Where(e => e.Method == method && e.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToArray();

    internal void Add(HttpContext context, string? body, DateTimeOffset receivedAt)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        string? tokenHash = null;
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            tokenHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(authorization[7..])))[..12];
        }

        _entries.Enqueue(new LoggedRequest(
            Interlocked.Increment(ref _sequence),
            DateTimeOffset.UtcNow,
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            context.Response.StatusCode,
            tokenHash,
            body,
            receivedAt,
            context.Response.Headers.RetryAfter.Count > 0 ? context.Response.Headers.RetryAfter.ToString() : null));
    }
}

internal sealed class RequestLogMiddleware(RequestDelegate next, EmulatorState state)
{
    // Token endpoints carry client secrets in their bodies; those are never logged.
    private static bool IsTokenEndpoint(PathString path) =>
        path.StartsWithSegments("/oidc", StringComparison.Ordinal) || (path.Value ?? string.Empty).Contains("/oauth2/", StringComparison.Ordinal);

    public async Task InvokeAsync(HttpContext context)
    {
        var receivedAt = DateTimeOffset.UtcNow;
        if (context.Request.Path.StartsWithSegments("/_emulator", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        string? body = null;
        if (context.Request.ContentLength is > 0 and < 64 * 1024 && !IsTokenEndpoint(context.Request.Path))
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
            context.Request.Body.Position = 0;
        }

        // Logged just before the response starts, so a client that has its answer always finds the request in the log;
        // a request aborted without a response (reset, cancellation) is logged when the pipeline ends.
        var logged = 0;
        context.Response.OnStarting(() =>
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                state.Requests.Add(context, body, receivedAt);
            }

            return Task.CompletedTask;
        });
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Exchange(ref logged, 1) == 0)
            {
                state.Requests.Add(context, body, receivedAt);
            }
        }
    }
}
