using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>The workspace's OAuth endpoints (contract §6): discovery and the client-credentials token endpoint with HTTP Basic.</summary>
internal static class OidcRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/oidc/.well-known/oauth-authorization-server", (HttpContext context) =>
        {
            var origin = $"{context.Request.Scheme}://{context.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = origin + "/oidc",
                ["authorization_endpoint"] = origin + "/oidc/v1/authorize",
                ["token_endpoint"] = origin + "/oidc/v1/token",
                ["grant_types_supported"] = new[] { "client_credentials", "authorization_code", "refresh_token" },
            });
        });

        app.MapPost("/oidc/v1/token", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            if (form["grant_type"] != "client_credentials")
            {
                return Results.Json(new { error = "unsupported_grant_type", error_description = "Only client_credentials is supported." }, statusCode: 400);
            }

            var (clientId, clientSecret) = ReadClient(context.Request, form);
            if (clientId is null || clientSecret is null || !state.Tokens.IsClient(clientId, clientSecret))
            {
                return Results.Json(new { error = "invalid_client", error_description = "Client authentication failed." }, statusCode: 401);
            }

            var scope = form["scope"].ToString();
            var token = state.Tokens.Issue(clientId, context.Request.Host.ToString());
            return Results.Json(new Dictionary<string, object>
            {
                ["access_token"] = token.AccessToken,
                ["token_type"] = "Bearer",
                ["expires_in"] = (int)Math.Max(1, state.Tokens.TokenLifetime.TotalSeconds),
                ["scope"] = string.IsNullOrEmpty(scope) ? "all-apis" : scope,
            });
        });
    }

    internal static (string? Id, string? Secret) ReadClient(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..]));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                return (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
            }
        }

        return (form["client_id"].FirstOrDefault(), form["client_secret"].FirstOrDefault());
    }
}
