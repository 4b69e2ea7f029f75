using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// Entra ID's client-credentials token endpoints, as login.microsoftonline.com answers them: v2
/// POST /{tenant}/oauth2/v2.0/token (scope &lt;appid&gt;/.default) and v1 POST /{tenant}/oauth2/token (resource).
/// The client proves itself with client_secret or a client_assertion (jwt-bearer): a JWT signed by one of the app's
/// certificates, or a federated token matching one of its federated identity credentials (workload identity).
/// Errors carry AADSTS codes. Issued tokens are accepted by this emulator's /api routes. Served on the emulator's
/// https endpoint too, since MSAL only talks to https authorities.
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

            return Issue(state, tenant, form, Endpoint(context), expiresAsString: false, audience: scope);
        });

        app.MapPost("/{tenant}/oauth2/token", async (string tenant, HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
            var resource = form["resource"].ToString();
            if (!string.Equals(resource, DatabricksResource, StringComparison.OrdinalIgnoreCase))
            {
                return Error(400, "invalid_resource", $"AADSTS500011: The resource principal named {resource} was not found in the tenant named {tenant}.");
            }

            return Issue(state, tenant, form, Endpoint(context), expiresAsString: true, audience: resource);
        });
    }

    private const string JwtBearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private static IResult Issue(EmulatorState state, string tenant, IFormCollection form, string endpoint, bool expiresAsString, string audience)
    {
        if (form["grant_type"] != "client_credentials")
        {
            return Error(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        }

        if (!state.Azure.IsTenant(tenant))
        {
            return Error(400, "invalid_request", $"AADSTS90002: Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID.");
        }

        var clientId = form["client_id"].ToString();
        var app = state.Azure.FindApp(tenant, clientId);
        if (app is null)
        {
            return Error(400, "unauthorized_client", $"AADSTS700016: Application with identifier '{clientId}' was not found in the directory '{tenant}'.");
        }

        var assertion = form["client_assertion"].ToString();
        var refusal = string.IsNullOrEmpty(assertion)
            ? CheckSecret(state, tenant, clientId, form["client_secret"].ToString())
            : CheckAssertion(app, clientId, form["client_assertion_type"].ToString(), assertion, endpoint);
        if (refusal is not null)
        {
            return refusal;
        }

        var proof = string.IsNullOrEmpty(assertion) ? "secret" : ClientAssertion.TryParse(assertion)!.Issuer == clientId ? "certificate" : "federated";
        state.Azure.Grants.Enqueue(new AzureIdentityRegistry.EntraGrant(tenant, clientId, proof, audience));

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
            body["resource"] = audience;
        }
        else
        {
            body["expires_in"] = seconds;
            body["ext_expires_in"] = seconds;
        }

        return Results.Json(body);
    }

    private static IResult? CheckSecret(EmulatorState state, string tenant, string clientId, string clientSecret) =>
        string.IsNullOrEmpty(clientSecret) || !state.Azure.IsAppSecret(tenant, clientId, clientSecret)
            ? Error(401, "invalid_client", $"AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.")
            : null;

    private static IResult? CheckAssertion(AzureIdentityRegistry.EntraApp app, string clientId, string assertionType, string assertion, string endpoint)
    {
        if (assertionType != JwtBearer)
        {
            return Error(400, "invalid_request", $"AADSTS50027: Invalid client_assertion_type '{assertionType}'; expected '{JwtBearer}'.");
        }

        var jwt = ClientAssertion.TryParse(assertion);
        if (jwt is null)
        {
            return Error(400, "invalid_request", "AADSTS50027: JWT token is invalid or malformed.");
        }

        if (!jwt.IsCurrent(DateTimeOffset.UtcNow))
        {
            return Error(400, "invalid_client", "AADSTS700024: Client assertion is not within its valid time range.");
        }

        if (jwt.Issuer == clientId)
        {
            // Signed by the app's own certificate.
            if (jwt.Subject != clientId || !jwt.Audiences.Contains(endpoint, StringComparer.OrdinalIgnoreCase))
            {
                return Error(401, "invalid_client", $"AADSTS700021: Client assertion application identifier or audience does not match: expected sub '{clientId}' and aud '{endpoint}'.");
            }

            var certificate = jwt.FindCertificate(app.Certificates);
            if (certificate is null)
            {
                return Error(401, "invalid_client", $"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application '{clientId}'.");
            }

            using var key = certificate.GetRSAPublicKey();
            return key is not null && jwt.IsSignedBy(key)
                ? null
                : Error(401, "invalid_client", "AADSTS700027: Client assertion failed signature validation.");
        }

        // A federated token: the app must trust its issuer, subject and audience, and the issuer's key must have signed it.
        var federated = app.Federated.FirstOrDefault(f => f.Issuer == jwt.Issuer && f.Subject == jwt.Subject && jwt.Audiences.Contains(f.Audience, StringComparer.Ordinal));
        if (federated is null)
        {
            return Error(400, "invalid_request", $"AADSTS70021: No matching federated identity record found for presented assertion. Assertion Issuer: '{jwt.Issuer}'. Assertion Subject: '{jwt.Subject}'. Assertion Audience: '{string.Join(",", jwt.Audiences)}'.");
        }

        return jwt.IsSignedBy(federated.SigningKey)
            ? null
            : Error(401, "invalid_client", "AADSTS700213: The federated token failed signature validation.");
    }

    private static string Endpoint(HttpContext context) =>
        $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{context.Request.Path}";

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
