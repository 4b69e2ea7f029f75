using System.Net.Http.Headers;
using System.Security;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// An Entra ID service principal with a client secret: the v2 client-credentials flow at
/// {authority}/{tenant}/oauth2/v2.0/token with scope 2ff814a6-…/.default. The token's audience is Azure Databricks
/// itself, so one token serves every workspace the principal can use.
/// </summary>
public sealed class EntraServicePrincipalProvider : CachingTokenProvider
{
    private readonly SecureString _secret;
    private readonly Uri _tokenEndpoint;
    private readonly TokenEndpointClient _endpoint;

    /// <param name="authorityHost">Defaults to AZURE_AUTHORITY_HOST, else https://login.microsoftonline.com.</param>
    public EntraServicePrincipalProvider(string tenantId, string clientId, SecureString clientSecret, Uri? authorityHost = null, HttpClient? http = null, TokenRetryPolicy? retry = null, TimeProvider? time = null)
        : base(time)
    {
        if (string.IsNullOrWhiteSpace(tenantId) || tenantId.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '.')))
        {
            throw new GenieApiException(GenieApiErrorType.NoToken, $"'{tenantId}' is not an Entra tenant id: pass the directory (tenant) id GUID or domain with -TenantId, or set ARM_TENANT_ID.");
        }

        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new GenieApiException(GenieApiErrorType.NoToken, "The Entra application (client) id is empty: pass it as the user name of -Credential, or set ARM_CLIENT_ID.");
        }

        if (SecureStrings.IsNullOrEmpty(clientSecret))
        {
            throw new GenieApiException(GenieApiErrorType.NoToken, $"The client secret for Entra application '{clientId}' is empty: pass it as the password of -Credential, or set ARM_CLIENT_SECRET.");
        }

        TenantId = tenantId.Trim();
        ClientId = clientId.Trim();
        _secret = clientSecret.Copy();
        _secret.MakeReadOnly();
        var authority = authorityHost ?? new Uri(HostUrl.Normalize(Environment.GetEnvironmentVariable(AzureEnvironment.AuthorityHostVariable) ?? AzureEnvironment.DefaultAuthorityHost, "Entra authority host (AZURE_AUTHORITY_HOST)").ToString());
        _tokenEndpoint = new Uri(authority, $"{Uri.EscapeDataString(TenantId)}/oauth2/v2.0/token");
        _endpoint = new TokenEndpointClient(http ?? TokenHttp.Shared, retry ?? TokenRetryPolicy.Default, Time);
    }

    public override string AuthType => AuthTypes.EntraServicePrincipal;

    public string TenantId { get; }

    public string ClientId { get; }

    public Uri TokenEndpoint => _tokenEndpoint;

    protected override string CacheKey(Uri workspaceHost) => AzureEnvironment.DatabricksScope;

    protected override Task<BearerToken> RequestTokenAsync(Uri workspaceHost, IOperationLog log, CancellationToken cancellationToken)
    {
        var secret = SecureStrings.Reveal(_secret);
        var context = new TokenRequestContext(
            _tokenEndpoint.ToString(),
            $"Entra application '{ClientId}' in tenant '{TenantId}'",
            "Check the tenant id, the application (client) id and the client secret (-TenantId and -Credential, or ARM_TENANT_ID / ARM_CLIENT_ID / ARM_CLIENT_SECRET), and that the secret has not expired.",
            [secret]);
        return _endpoint.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, _tokenEndpoint)
                {
                    Content = new FormUrlEncodedContent(
                    [
                        new("grant_type", "client_credentials"),
                        new("client_id", ClientId),
                        new("client_secret", secret),
                        new("scope", AzureEnvironment.DatabricksScope),
                    ]),
                };
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            },
            context,
            log,
            cancellationToken);
    }
}
