using System.Security;

namespace GenieObservability.Engine.Auth;

/// <summary>The outcome of credential resolution: where to connect, how, and where the credential came from. Holds secrets only as SecureString.</summary>
public sealed class ResolvedCredential
{
    internal ResolvedCredential(Uri host, string authType, string source)
    {
        Host = host;
        AuthType = authType;
        Source = source;
    }

    public Uri Host { get; }

    /// <summary>One of <see cref="AuthTypes"/>.</summary>
    public string AuthType { get; }

    /// <summary>Parameters, Environment, or Profile:&lt;name&gt;.</summary>
    public string Source { get; }

    public string? ClientId { get; internal init; }

    public string? TenantId { get; internal init; }

    /// <summary>The config file the profile was read from, when it was.</summary>
    public string? ConfigFile { get; internal init; }

    internal SecureString? Secret { get; init; }

    /// <summary>Creates the token provider; <paramref name="environment"/> supplies the Azure endpoint overrides.</summary>
    public ITokenProvider CreateProvider(Func<string, string?>? environment = null, HttpClient? http = null, TokenRetryPolicy? retry = null, TimeProvider? time = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return AuthType switch
        {
            AuthTypes.Pat => new StaticTokenProvider(Secret!),
            AuthTypes.OAuthM2M => new DatabricksOAuthProvider(ClientId!, Secret!, http, retry, time),
            AuthTypes.EntraServicePrincipal => new EntraServicePrincipalProvider(
                TenantId!,
                ClientId!,
                Secret!,
                HostUrl.Normalize(environment(AzureEnvironment.AuthorityHostVariable) is { Length: > 0 } authority ? authority : AzureEnvironment.DefaultAuthorityHost, "Entra authority host (AZURE_AUTHORITY_HOST)"),
                http,
                retry,
                time),
            AuthTypes.ManagedIdentity => new ManagedIdentityProvider(ClientId, environment, http, retry, time),
            _ => throw new InvalidOperationException("Unknown auth type " + AuthType),
        };
    }

    /// <summary>What is used, for Verbose output; never the secret.</summary>
    public override string ToString()
    {
        var who = AuthType switch
        {
            AuthTypes.Pat => "a personal access token",
            AuthTypes.OAuthM2M => $"OAuth client '{ClientId}'",
            AuthTypes.EntraServicePrincipal => $"Entra application '{ClientId}' in tenant '{TenantId}'",
            AuthTypes.ManagedIdentity => ClientId is null ? "the system-assigned managed identity" : $"the user-assigned managed identity '{ClientId}'",
            _ => AuthType,
        };
        return $"{Host} with {who} ({AuthType}, from {Source}{(ConfigFile is null ? string.Empty : " in " + ConfigFile)})";
    }
}
