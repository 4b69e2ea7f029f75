using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Builds the Azure.Identity credential for an Entra, managed-identity, workload-identity or Azure CLI connection and
/// wraps it in an <see cref="AzureIdentityProvider"/>. The library does the protocol (client assertions, IMDS and
/// App Service endpoints, az) and its HTTP retries; the module keeps the cache, the shared refresh and the messages.
/// </summary>
internal static class AzureCredentials
{
    public static AzureIdentityProvider CreateProvider(ResolvedCredential credential, Func<string, string?> environment, HttpClient? http, TokenRetryPolicy retry, TimeProvider? time)
    {
        var authority = AzureEnvironment.AuthorityHost(credential.Host, environment);
        var noDiscovery = !AzureEnvironment.IsKnownAuthority(authority);
        var tokenEndpoint = $"{authority}{credential.TenantId}/oauth2/v2.0/token";
        var transport = http is null ? null : new HttpClientTransport(http);

        T Configure<T>(T options)
            where T : TokenCredentialOptions
        {
            options.AuthorityHost = authority;
            options.Retry.Mode = RetryMode.Exponential;
            options.Retry.MaxRetries = Math.Max(0, retry.MaxAttempts - 1);
            options.Retry.Delay = retry.BaseDelay;
            options.Retry.MaxDelay = retry.MaxDelay;
            if (transport is not null)
            {
                options.Transport = transport;
            }

            return options;
        }

        var who = credential.Describe();
        switch (credential.AuthType)
        {
            case AuthTypes.EntraServicePrincipal:
                {
                    var secret = credential.Secret!;
                    return new AzureIdentityProvider(
                        credential.AuthType,
                        () => new ClientSecretCredential(credential.TenantId, credential.ClientId, SecureStrings.Reveal(secret), Configure(new ClientSecretCredentialOptions { DisableInstanceDiscovery = noDiscovery })),
                        who,
                        tokenEndpoint,
                        "Check the tenant id, the application (client) id and the client secret (-TenantId and -Credential, or ARM_TENANT_ID / ARM_CLIENT_ID / ARM_CLIENT_SECRET), and that the secret has not expired.",
                        () => [SecureStrings.Reveal(secret)],
                        time);
                }

            case AuthTypes.EntraCertificate:
                {
                    var certificate = ClientCertificates.Load(credential);
                    var password = credential.CertificatePassword;
                    return new AzureIdentityProvider(
                        credential.AuthType,
                        () => new ClientCertificateCredential(credential.TenantId, credential.ClientId, certificate, Configure(new ClientCertificateCredentialOptions { DisableInstanceDiscovery = noDiscovery })),
                        $"{who} (thumbprint {certificate.Thumbprint})",
                        tokenEndpoint,
                        "Check the tenant id and application (client) id, and that this certificate is uploaded to the application's certificates in Entra ID and has not expired.",
                        () => [password is null ? null : SecureStrings.Reveal(password)],
                        time);
                }

            case AuthTypes.WorkloadIdentity:
                return new AzureIdentityProvider(
                    credential.AuthType,
                    () => new WorkloadIdentityCredential(Configure(new WorkloadIdentityCredentialOptions
                    {
                        TenantId = credential.TenantId,
                        ClientId = credential.ClientId,
                        TokenFilePath = credential.TokenFile,
                        DisableInstanceDiscovery = noDiscovery,
                    })),
                    who,
                    tokenEndpoint,
                    "Check that the application has a federated credential whose issuer, subject and audience (api://AzureADTokenExchange) match the token in AZURE_FEDERATED_TOKEN_FILE, and that the token has not expired.",
                    () => [],
                    time);

            case AuthTypes.ManagedIdentity:
                {
                    var id = credential.ClientId is null ? ManagedIdentityId.SystemAssigned : ManagedIdentityId.FromUserAssignedClientId(credential.ClientId);
                    var automation = !string.IsNullOrWhiteSpace(environment("IDENTITY_ENDPOINT")) && !string.IsNullOrEmpty(environment("IDENTITY_HEADER"));
                    var endpoint = automation
                        ? environment("IDENTITY_ENDPOINT")!.Split('?')[0]
                        : $"{(environment("AZURE_POD_IDENTITY_AUTHORITY_HOST") is { Length: > 0 } imds ? imds.TrimEnd('/') : "http://169.254.169.254")}/metadata/identity/oauth2/token";
                    return new AzureIdentityProvider(
                        credential.AuthType,
                        () => new ManagedIdentityCredential(Configure(new ManagedIdentityCredentialOptions(id))),
                        who,
                        endpoint,
                        automation
                            ? "Check that the Automation account (or App Service) has this identity enabled, and pass -ClientId for a user-assigned identity."
                            : "Run on an Azure resource with a managed identity enabled (or pass -ClientId for a user-assigned one), or use another credential (-Credential, -AccessToken).",
                        () => [environment("IDENTITY_HEADER")],
                        time)
                    {
                        LibraryCacheIsShared = true,
                    };
                }

            case AuthTypes.AzureCli:
                return new AzureIdentityProvider(
                    credential.AuthType,
                    () => new AzureCliCredential(new AzureCliCredentialOptions { TenantId = credential.TenantId, ProcessTimeout = TimeSpan.FromSeconds(30) }),
                    who,
                    "az account get-access-token",
                    "Run 'az login' (with --tenant for another directory) as a user or service principal that can use this workspace, and check that 'az' is on PATH.",
                    () => [],
                    time);

            default:
                throw new InvalidOperationException("Unknown auth type " + credential.AuthType);
        }
    }
}
