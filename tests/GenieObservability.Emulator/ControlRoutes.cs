using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// /_emulator/*: how a test in another process (Pester, the demo) seeds the workspace, injects faults and reads the
/// request log, and sets rate limits. Not part of the Databricks contract; never authenticated.
/// </summary>
internal static class ControlRoutes
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost("/_emulator/faults", async (HttpContext context) =>
        {
            var rule = await JsonSerializer.DeserializeAsync<FaultRule>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false);
            return rule is null ? Results.BadRequest() : Results.Json(new { id = state.Faults.Add(rule) }, Json);
        });
        app.MapDelete("/_emulator/faults", () =>
        {
            state.Faults.Clear();
            return Results.NoContent();
        });
        app.MapPost("/_emulator/rate-limits", async (HttpContext context) =>
        {
            var rule = await JsonSerializer.DeserializeAsync<RateLimitRule>(context.Request.Body, Json, context.RequestAborted).ConfigureAwait(false);
            return rule is null ? Results.BadRequest() : Results.Json(new { id = state.RateLimits.Add(rule) }, Json);
        });
        app.MapPut("/_emulator/rate-limits/{id:int}", async (int id, HttpContext context) =>
        {
            // Changes the admitted rate mid-run: {"requestsPerSecond": 20}.
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            return state.RateLimits.SetRate(id, document.RootElement.GetProperty("requestsPerSecond").GetDouble()) ? Results.NoContent() : Results.NotFound();
        });
        app.MapGet("/_emulator/rate-limits", () => Results.Json(
            state.RateLimits.Rules.Select(r => new { id = r.Id, r.Method, r.PathPattern, r.RequestsPerSecond, r.Burst, r.RetryAfterSeconds, r.Admitted, r.Rejected }),
            Json));
        app.MapDelete("/_emulator/rate-limits", () =>
        {
            state.RateLimits.Clear();
            return Results.NoContent();
        });
        app.MapGet("/_emulator/requests", () => Results.Json(state.Requests.Entries, Json));
        app.MapDelete("/_emulator/requests", () =>
        {
            state.Requests.Clear();
            return Results.NoContent();
        });
        app.MapPost("/_emulator/settings", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            var root = document.RootElement;
            if (root.TryGetProperty("apiLatencyMilliseconds", out var latency))
            {
                state.ApiLatencyMilliseconds = latency.GetInt32();
            }

            if (root.TryGetProperty("tokenLifetimeSeconds", out var lifetime))
            {
                state.Tokens.TokenLifetime = TimeSpan.FromSeconds(lifetime.GetDouble());
            }

            if (root.TryGetProperty("maxUsesPerToken", out var uses))
            {
                state.Tokens.MaxUsesPerToken = uses.GetInt32();
            }

            if (root.TryGetProperty("requireAuthentication", out var require))
            {
                state.Tokens.RequireAuthentication = require.GetBoolean();
            }

            return Results.NoContent();
        });
        app.MapPost("/_emulator/seed", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
            state.LoadSeed(document.RootElement);
            return Results.NoContent();
        });
        app.MapPost("/_emulator/tokens/revoke", () =>
        {
            state.Tokens.RevokeAll();
            return Results.NoContent();
        });
        app.MapGet("/_emulator/tokens", () => Results.Json(new { issued = state.Tokens.IssuedCount }, Json));
    }
}
