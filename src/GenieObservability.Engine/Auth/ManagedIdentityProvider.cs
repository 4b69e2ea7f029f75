namespace GenieObservability.Engine.Auth;

/// <summary>
/// An Azure managed identity. Where IDENTITY_ENDPOINT and IDENTITY_HEADER are set (Azure Automation, App Service,
/// Functions) the token comes from that local endpoint (api-version 2019-08-01, header X-IDENTITY-HEADER); elsewhere
/// from the instance metadata service (IMDS, api-version 2018-02-01, header Metadata: true). A client id selects a
/// user-assigned identity. The token's audience is Azure Databricks, so one token serves every workspace.
/// </summary>
public sealed class ManagedIdentityProvider : CachingTokenProvider
{
    private readonly Uri _endpoint;
    private readonly string? _identityHeader;
    private readonly TokenEndpointClient _client;

    /// <param name="environment">Reads IDENTITY_ENDPOINT, IDENTITY_HEADER and AZURE_POD_IDENTITY_AUTHORITY_HOST; defaults to the process environment.</param>
    public ManagedIdentityProvider(string? clientId = null, Func<string, string?>? environment = null, HttpClient? http = null, TokenRetryPolicy? retry = null, TimeProvider? time = null)
        : base(time)
    {
        environment ??= Environment.GetEnvironmentVariable;
        ClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId.Trim();
        var identityEndpoint = environment(AzureEnvironment.IdentityEndpointVariable);
        var identityHeader = environment(AzureEnvironment.IdentityHeaderVariable);
        var query = $"resource={Uri.EscapeDataString(AzureEnvironment.DatabricksResourceId)}" + (ClientId is null ? string.Empty : $"&client_id={Uri.EscapeDataString(ClientId)}");
        if (!string.IsNullOrWhiteSpace(identityEndpoint) && !string.IsNullOrEmpty(identityHeader))
        {
            if (!Uri.TryCreate(identityEndpoint.Trim(), UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new GenieApiException(GenieApiErrorType.NoToken, $"IDENTITY_ENDPOINT '{identityEndpoint}' is not an http(s) URL; it is set by Azure and should not be changed.");
            }

            Flavor = "IdentityEndpoint";
            _identityHeader = identityHeader;
            _endpoint = new UriBuilder(endpoint) { Query = "api-version=2019-08-01&" + query }.Uri;
        }
        else
        {
            var imdsHost = environment(AzureEnvironment.ImdsHostVariable);
            if (string.IsNullOrWhiteSpace(imdsHost))
            {
                imdsHost = AzureEnvironment.DefaultImdsHost;
            }

            if (!Uri.TryCreate(imdsHost.Trim(), UriKind.Absolute, out var imds) || (imds.Scheme != Uri.UriSchemeHttp && imds.Scheme != Uri.UriSchemeHttps))
            {
                throw new GenieApiException(GenieApiErrorType.NoToken, $"AZURE_POD_IDENTITY_AUTHORITY_HOST '{imdsHost}' is not an http(s) URL.");
            }

            Flavor = "Imds";
            _endpoint = new UriBuilder(new Uri(new Uri(imds.GetLeftPart(UriPartial.Authority) + "/"), "metadata/identity/oauth2/token")) { Query = "api-version=2018-02-01&" + query }.Uri;
        }

        _client = new TokenEndpointClient(http ?? TokenHttp.ManagedIdentity, retry ?? TokenRetryPolicy.Default, Time);
    }

    public override string AuthType => AuthTypes.ManagedIdentity;

    /// <summary>The user-assigned identity's client id; null for the system-assigned identity.</summary>
    public string? ClientId { get; }

    /// <summary>IdentityEndpoint (Automation / App Service) or Imds.</summary>
    public string Flavor { get; }

    /// <summary>The token URL without its query.</summary>
    public string Endpoint => _endpoint.GetLeftPart(UriPartial.Path);

    protected override string CacheKey(Uri workspaceHost) => AzureEnvironment.DatabricksResourceId;

    protected override Task<BearerToken> RequestTokenAsync(Uri workspaceHost, IOperationLog log, CancellationToken cancellationToken)
    {
        var who = ClientId is null ? "the system-assigned managed identity" : $"the user-assigned managed identity '{ClientId}'";
        var fix = Flavor == "Imds"
            ? "Run on an Azure resource with a managed identity enabled (or pass -ClientId for a user-assigned one), or use another credential (-Credential, -AccessToken)."
            : "Check that the Automation account (or App Service) has this identity enabled, and pass -ClientId for a user-assigned identity.";
        var context = new TokenRequestContext(Endpoint, who, fix, [_identityHeader])
        {
            RetryConnectFailures = false,
        };
        return _client.SendAsync(
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, _endpoint);
                if (_identityHeader is null)
                {
                    request.Headers.Add("Metadata", "true");
                }
                else
                {
                    request.Headers.Add("X-IDENTITY-HEADER", _identityHeader);
                }

                return request;
            },
            context,
            log,
            cancellationToken);
    }
}
