using System.Net.Http.Headers;
using System.Security;
using System.Text;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Databricks OAuth machine-to-machine (contract §6): POST {host}/oidc/v1/token with grant_type=client_credentials,
/// scope=all-apis and HTTP Basic client_id:secret. A workspace token only works on its own workspace, so one
/// credential serving many workspace URLs keeps one token per host.
/// </summary>
public sealed class DatabricksOAuthProvider : CachingTokenProvider
{
    private readonly string _clientId;
    private readonly SecureString _secret;
    private readonly TokenEndpointClient _endpoint;

    public DatabricksOAuthProvider(string clientId, SecureString clientSecret, HttpClient? http = null, TokenRetryPolicy? retry = null, TimeProvider? time = null)
        : base(time)
    {
        if (string.IsNullOrWhiteSpace(clientId))
        {
            throw new GenieApiException(GenieApiErrorType.NoToken, "The OAuth client id is empty. Pass the service principal's application id as the user name of -Credential, or set DATABRICKS_CLIENT_ID.");
        }

        if (SecureStrings.IsNullOrEmpty(clientSecret))
        {
            throw new GenieApiException(GenieApiErrorType.NoToken, $"The OAuth secret for client '{clientId}' is empty. Pass it as the password of -Credential, or set DATABRICKS_CLIENT_SECRET.");
        }

        _clientId = clientId.Trim();
        _secret = clientSecret.Copy();
        _secret.MakeReadOnly();
        _endpoint = new TokenEndpointClient(http ?? TokenHttp.Shared, retry ?? TokenRetryPolicy.Default, Time);
    }

    public override string AuthType => AuthTypes.OAuthM2M;

    public string ClientId => _clientId;

    protected override string CacheKey(Uri workspaceHost) => workspaceHost.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

    protected override Task<BearerToken> RequestTokenAsync(Uri workspaceHost, bool forced, IOperationLog log, CancellationToken cancellationToken)
    {
        var host = HostUrl.Normalize(workspaceHost.ToString());
        var endpoint = new Uri(host, "oidc/v1/token");
        var secret = SecureStrings.Reveal(_secret);
        var context = new TokenRequestDescription(
            endpoint.ToString(),
            $"OAuth client '{_clientId}'",
            "Check the client id and secret (the -Credential user name and password, or DATABRICKS_CLIENT_ID / DATABRICKS_CLIENT_SECRET), and that the service principal has an OAuth secret and access to this workspace.",
            [secret]);
        return _endpoint.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                {
                    Content = new FormUrlEncodedContent([new("grant_type", "client_credentials"), new("scope", "all-apis")]),
                };
                var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(_clientId) + ":" + Uri.EscapeDataString(secret)));
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return request;
            },
            context,
            log,
            cancellationToken);
    }
}
