using System.Security;
using System.Security.Cryptography.X509Certificates;

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

    /// <summary>The federated token file of a workload identity (AZURE_FEDERATED_TOKEN_FILE).</summary>
    public string? TokenFile { get; internal init; }

    public string? CertificatePath { get; internal init; }

    public string? CertificateThumbprint { get; internal init; }

    internal X509Certificate2? Certificate { get; init; }

    internal SecureString? CertificatePassword { get; init; }

    internal SecureString? Secret { get; init; }

    /// <summary>
    /// Creates the token provider. <paramref name="environment"/> supplies AZURE_AUTHORITY_HOST and the managed-identity
    /// variables for messages; <paramref name="http"/> replaces the HTTP transport (tests trust their own TLS certificate there).
    /// </summary>
    public ITokenProvider CreateProvider(Func<string, string?>? environment = null, HttpClient? http = null, TokenRetryPolicy? retry = null, TimeProvider? time = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        return AuthType switch
        {
            AuthTypes.Pat => new StaticTokenProvider(Secret!),
            AuthTypes.OAuthM2M => new DatabricksOAuthProvider(ClientId!, Secret!, http, retry, time),
            _ => AzureCredentials.CreateProvider(this, environment, http, retry ?? TokenRetryPolicy.Default, time),
        };
    }

    /// <summary>Whose credential this is, for messages; never the secret.</summary>
    internal string Describe() => AuthType switch
    {
        AuthTypes.Pat => "a personal access token",
        AuthTypes.OAuthM2M => $"OAuth client '{ClientId}'",
        AuthTypes.EntraServicePrincipal => $"Entra application '{ClientId}' in tenant '{TenantId}'",
        AuthTypes.EntraCertificate => $"Entra application '{ClientId}' in tenant '{TenantId}' with {DescribeCertificate()}",
        AuthTypes.WorkloadIdentity => $"Entra application '{ClientId}' in tenant '{TenantId}' with the federated token in '{TokenFile}'",
        AuthTypes.ManagedIdentity => ClientId is null ? "the system-assigned managed identity" : $"the user-assigned managed identity '{ClientId}'",
        AuthTypes.AzureCli => TenantId is null ? "the Azure CLI login" : $"the Azure CLI login for tenant '{TenantId}'",
        _ => AuthType,
    };

    /// <summary>What is used, for Verbose output; never the secret.</summary>
    public override string ToString() =>
        $"{Host} with {Describe()} ({AuthType}, from {Source}{(ConfigFile is null ? string.Empty : " in " + ConfigFile)})";

    private string DescribeCertificate() =>
        CertificatePath is not null ? $"the certificate in '{CertificatePath}'"
        : CertificateThumbprint is not null ? $"certificate {CertificateThumbprint}"
        : $"certificate {Certificate?.Thumbprint}";
}
