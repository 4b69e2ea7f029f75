using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// Entra ID's client-credentials token endpoints, as login.microsoftonline.com answers them: v2
/// POST /{tenant}/oauth2/v2.0/token (scope &lt;appid&gt;/.default) and v1 POST /{tenant}/oauth2/token (resource).
/// Errors carry AADSTS codes. Issued tokens are accepted by this emulator's /api routes.
/// </summary>
internal static class EntraRoutes
{
    public const string DatabricksResource = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var scope = form["scope"].ToString();
            if (!string.Equals(scope, DatabricksResource + "/.default", StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "invalid_scope", $"AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.");
            }

            return Issue(state, tenant, form, expiresAsString: false, resource: null);
        });

        app.MapPost("/{tenant}/oauth2/token", async (string tenant, HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var resource = form["resource"].ToString();
            if (!string.Equals(resource, DatabricksResource, StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "invalid_resource", $"AADSTS500011: The resource principal named {resource} was not found in the tenant named {tenant}.");
            }

            return Issue(state, tenant, form, expiresAsString: true, resource: resource);
        });
    }

    private static IResult Issue(EmulatorState state, string tenant, IFormCollection form, bool expiresAsString, string? resource)
    {
        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        }

        if (!state.Azure.IsTenant(tenant))
        {
            return Error(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.");
        }

        var (clientId, clientSecret) = (form["client_id"].ToString(), form["client_secret"].ToString());
        if (!state.Azure.IsApp(tenant, clientId))
        {
            return Error(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        }

        if (string.IsNullOrEmpty(clientSecret) || !state.Azure.IsAppSecret(tenant, clientId, clientSecret))
        {
            return Error(401, "invalid_client", $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.");
        }

        var token = state.Tokens.Issue(clientId, DatabricksResource);
        var seconds = (long)Math.Max(1, state.Tokens.TokenLifetime.TotalSeconds);
        var body = new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["access_token"] = token.AccessToken,
        };
        if (expiresAsString)
        {
            body["expires_in"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["expires_on"] = token.ExpiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            body["resource"] = resource!;
        }
        else
        {
            body["expires_in"] = seconds;
            body["ext_expires_in"] = seconds;
        }

        return Results.Json(body);
    }

    internal static IResult Error(int status, string error, string description) =>
        Results.Json(
            new Dictionary<string, object>
            {
                ["error"] = error,
                ["error_description"] = description + "\r\nTrace ID: 00000000-0000-0000-0000-000000000000\r\nCorrelation ID: 00000000-0000-0000-0000-000000000000\r\nTimestamp: " + DateTimeOffset.UtcNow.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                ["error_codes"] = new[] { int.Parse(description[6..description.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture) },
            },
            statusCode: status);
}
