using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The managed-identity endpoints of an Azure host: IMDS GET /metadata/identity/oauth2/token (header Metadata: true,
/// every number a string, as IMDS sends) and the Azure Automation / App Service endpoint GET /msi/token (header
/// X-IDENTITY-HEADER, api-version 2019-08-01, expires_on in epoch seconds as a string, as App Service documents it).
/// </summary>
internal static class ManagedIdentityRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/metadata/identity/oauth2/token", (HttpContext context) =>
        {
            if (!string.Equals(context.Request.Headers["Metadata"].ToString(), "true", StringComparison.OrdinalIgnoreCase))
            {
                return Results.Json(new { error = "invalid_request", error_description = "Required metadata header not specified" }, statusCode: 400);
            }

            var query = context.Request.Query;
            if (string.IsNullOrEmpty(query["api-version"]))
            {
                return Results.Json(new { error = "invalid_request", error_description = "Required query variable 'api-version' is missing" }, statusCode: 400);
            }

            if (query["resource"] != EntraRoutes.DatabricksResource)
            {
                return Results.Json(new { error = "invalid_resource", error_description = $"AADSTS500011: The resource principal named {query["resource"]} was not found in the tenant." }, statusCode: 400);
            }

            var identity = state.Azure.ResolveIdentity(query["client_id"].FirstOrDefault());
            if (identity is null)
            {
                return Results.Json(new { error = "invalid_request", error_description = "Identity not found" }, statusCode: 400);
            }

            var token = state.Tokens.Issue(identity, EntraRoutes.DatabricksResource);
            var seconds = (long)Math.Max(1, state.Tokens.TokenLifetime.TotalSeconds);
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = token.AccessToken,
                ["client_id"] = identity,
                ["expires_in"] = seconds.ToString(CultureInfo.InvariantCulture),
                ["expires_on"] = token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["ext_expires_in"] = seconds.ToString(CultureInfo.InvariantCulture),
                ["not_before"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["resource"] = EntraRoutes.DatabricksResource,
                ["token_type"] = "Bearer",
            });
        });

        app.MapGet("/msi/token", (HttpContext context) =>
        {
            if (context.Request.Headers["X-IDENTITY-HEADER"].ToString() != state.Azure.IdentityHeader)
            {
                return Results.Json(new { statusCode = 401, message = "Unauthorized request: the X-IDENTITY-HEADER header is missing or wrong." }, statusCode: 401);
            }

            var query = context.Request.Query;
            if (query["api-version"] != "2019-08-01")
            {
                return Results.Json(new { statusCode = 400, message = "Unsupported api-version; expected 2019-08-01." }, statusCode: 400);
            }

            if (query["resource"] != EntraRoutes.DatabricksResource)
            {
                return Results.Json(new { statusCode = 400, message = $"The resource {query["resource"]} is not valid." }, statusCode: 400);
            }

            var identity = state.Azure.ResolveIdentity(query["client_id"].FirstOrDefault());
            if (identity is null)
            {
                return Results.Json(new { statusCode = 400, message = "No managed identity found for the given client id." }, statusCode: 400);
            }

            var token = state.Tokens.Issue(identity, EntraRoutes.DatabricksResource);
            return Results.Json(new Dictionary<string, string>
            {
                ["access_token"] = token.AccessToken,
                ["expires_on"] = token.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
                ["resource"] = EntraRoutes.DatabricksResource,
                ["token_type"] = "Bearer",
                ["client_id"] = identity,
            });
        });
    }
}
