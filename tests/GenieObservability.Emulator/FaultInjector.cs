using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace GenieObservability.Emulator;

public enum FaultKind
{
    /// <summary>Answer with <see cref="FaultRule.Status"/> and a Databricks error body (plus Retry-After when set).</summary>
    Status,

    /// <summary>Abort the connection without a response.</summary>
    Reset,

    /// <summary>Answer 200 with an HTML sign-in page, as a proxy or an expired SSO session does.</summary>
    HtmlLogin,

    /// <summary>Only wait <see cref="FaultRule.LatencyMilliseconds"/>, then serve normally.</summary>
    Latency,

    /// <summary>Serve normally but send the body slowly.</summary>
    SlowBody,

    /// <summary>Answer <see cref="FaultRule.Status"/> with <see cref="FaultRule.Body"/> verbatim (malformed JSON, legacy error shapes, plain text).</summary>
    RawBody,

    /// <summary>
    /// Serve normally, then load <see cref="FaultRule.Body"/> (a seed document) before the response ends: another client's
    /// write landing right after this request, e.g. someone editing a space between a publish's plan (its GET) and its apply.
    /// </summary>
    SeedAfterResponse,
}

/// <summary>A fault applied to requests whose method and path match. Counters make bursts and "every Nth" patterns.</summary>
public sealed class FaultRule
{
    public string? Method { get; set; }

    /// <summary>A regular expression matched against the request path.</summary>
    public string PathPattern { get; set; } = ".*";

    public FaultKind Kind { get; set; } = FaultKind.Status;

    public int Status { get; set; } = 503;

    public string? ErrorCode { get; set; }

    public string? Message { get; set; }

    public int? RetryAfterSeconds { get; set; }

    /// <summary>The body a <see cref="FaultKind.RawBody"/> fault sends.</summary>
    public string? Body { get; set; }

    /// <summary>The Content-Type of a <see cref="FaultKind.RawBody"/> fault; none when null.</summary>
    public string? ContentType { get; set; }

    public int LatencyMilliseconds { get; set; }

    /// <summary>How many matching requests to fault; -1 for all.</summary>
    public int Times { get; set; } = -1;

    /// <summary>Let this many matching requests through before faulting.</summary>
    public int SkipFirst { get; set; }

    /// <summary>Fault only every Nth matching request (1 = each).</summary>
    public int EveryNth { get; set; } = 1;

    /// <summary>Fault with this probability (0..1) instead of by count; deterministic per <see cref="Seed"/>.</summary>
    public double? Probability { get; set; }

    public int Seed { get; set; } = 42;

    internal int Id { get; set; }

    internal int Matched;
    internal int Applied;
    private Regex? _regex;
    private Random? _random;

    internal bool Matches(HttpRequest request) =>
        (Method is null || string.Equals(Method, request.Method, StringComparison.OrdinalIgnoreCase))
        && (_regex ??= new Regex(PathPattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))).IsMatch(request.Path.Value ?? "/");

    /// <summary>Counts the match and says whether this request gets the fault.</summary>
    internal bool Fires()
    {
        lock (this)
        {
            var n = ++Matched;
            if (n <= SkipFirst || (Times >= 0 && Applied >= Times))
            {
                return false;
            }

            bool fire;
            if (Probability is { } p)
            {
                fire = (_random ??= new Random(Seed)).NextDouble() < p;
            }
            else
            {
                fire = (n - SkipFirst - 1) % Math.Max(1, EveryNth) == 0;
            }

            if (fire)
            {
                Applied++;
            }

            return fire;
        }
    }
}

public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<int, FaultRule> _rules = new();
    private int _nextId;

    public int Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        rule.Id = Interlocked.Increment(ref _nextId);
        _rules[rule.Id] = rule;
        return rule.Id;
    }

    public void Clear() => _rules.Clear();

    public int AppliedCount(int id) => _rules.TryGetValue(id, out var rule) ? rule.Applied : 0;

    internal FaultRule? Next(HttpRequest request)
    {
        foreach (var rule in _rules.Values.OrderBy(r => r.Id))
        {
            if (rule.Matches(request) && rule.Fires())
            {
                return rule;
            }
        }

        return null;
    }
}

internal sealed class FaultInjectionMiddleware(RequestDelegate next, EmulatorState state)
{
    public const string HtmlLoginPage = "<!DOCTYPE html><html><head><title>Sign in - Databricks</title></head><body><form action=\"/login\"><input name=\"user\"/></form></body></html>";

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/_emulator", StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (state.ApiLatencyMilliseconds > 0 && path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            await Task.Delay(state.ApiLatencyMilliseconds, context.RequestAborted).ConfigureAwait(false);
        }

        var rule = state.Faults.Next(context.Request);
        if (rule is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (rule.LatencyMilliseconds > 0)
        {
            await Task.Delay(rule.LatencyMilliseconds, context.RequestAborted).ConfigureAwait(false);
        }

        switch (rule.Kind)
        {
            case FaultKind.Latency:
                await next(context).ConfigureAwait(false);
                break;
            case FaultKind.Reset:
                context.Features.Get<IConnectionLifetimeNotificationFeature>()?.RequestClose();
                context.Abort();
                break;
            case FaultKind.HtmlLogin:
                context.Response.StatusCode = 200;
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(HtmlLoginPage, context.RequestAborted).ConfigureAwait(false);
                break;
            case FaultKind.RawBody:
                context.Response.StatusCode = rule.Status;
                if (rule.ContentType is not null)
                {
                    context.Response.ContentType = rule.ContentType;
                }

                if (rule.RetryAfterSeconds is { } rawRetryAfter)
                {
                    context.Response.Headers.RetryAfter = rawRetryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.Response.WriteAsync(rule.Body ?? string.Empty, context.RequestAborted).ConfigureAwait(false);
                break;
            case FaultKind.SlowBody:
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                await next(context).ConfigureAwait(false);
                break;
            case FaultKind.SeedAfterResponse:
                // Applied before this response ends, so the client never reads the answer before the edit exists.
                await next(context).ConfigureAwait(false);
                using (var seed = System.Text.Json.JsonDocument.Parse(rule.Body ?? "{}"))
                {
                    state.LoadSeed(seed.RootElement);
                }

                break;
            default:
                if (rule.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await DatabricksErrors.WriteAsync(context, rule.Status, rule.ErrorCode ?? DatabricksErrors.DefaultCode(rule.Status), rule.Message ?? "Injected fault.").ConfigureAwait(false);
                break;
        }
    }
}
