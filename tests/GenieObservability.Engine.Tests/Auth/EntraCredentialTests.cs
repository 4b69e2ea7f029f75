using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;
using static GenieObservability.Engine.Tests.Auth.AzureTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

/// <summary>Entra service principals (secret, certificate) and workload identity through Azure.Identity, against the emulator's Entra v2 endpoint over TLS.</summary>
public sealed class EntraCredentialTests : IDisposable
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string ClientId = "entra-app-id";
    private const string Secret = "entra~secret~value~0001";
    private const string Workspace = "https://adb-1234567890123456.7.azuredatabricks.net";

    private readonly List<Uri> _seen = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-entra-").FullName;

    public void Dispose()
    {
        // Nothing the library did may have left this machine: every request went to the loopback emulator.
        Assert.All(_seen, uri => Assert.Equal("127.0.0.1", uri.Host));
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<WorkspaceEmulator> StartAsync()
    {
        var emulator = await StartTlsEmulatorAsync();
        emulator.State.Azure.AddApp(Tenant, ClientId, Secret);
        return emulator;
    }

    private CachingTokenProvider Provider(WorkspaceEmulator entra, AuthSettings settings, TimeProvider? time = null, params (string Name, string? Value)[] environment)
    {
        var env = Environment([("AZURE_AUTHORITY_HOST", entra.TlsBaseAddress!.ToString()), ("HOME", _directory), .. environment]);
        var credential = CredentialResolver.Resolve(settings, env);
        return (CachingTokenProvider)credential.CreateProvider(env, TrustingClient(_seen), FastRetry, time);
    }

    /// <summary>Registers a federated credential for the cluster's runner account and writes a token for <paramref name="subject"/>, as the kubelet does.</summary>
    private async Task<string> FederatedTokenFileAsync(WorkspaceEmulator entra, string subject)
    {
        using var issuerKey = RSA.Create(2048);
        entra.State.Azure.AddFederatedCredential(Tenant, ClientId, "https://issuer.test/cluster", "system:serviceaccount:genie:runner", issuerKey);
        var tokenFile = Path.Combine(_directory, "token");
        await File.WriteAllTextAsync(tokenFile, FederatedToken(issuerKey, "https://issuer.test/cluster", subject));
        return tokenFile;
    }

    private static AuthSettings SecretSettings(string secret = Secret, string tenant = Tenant) =>
        new() { Method = AuthMethod.EntraServicePrincipal, Host = Workspace, TenantId = tenant, ClientId = ClientId, ClientSecret = SecureStrings.Protect(secret) };

    [Fact]
    public async Task A_client_secret_gets_one_token_from_the_v2_endpoint_for_every_workspace()
    {
        await using var entra = await StartAsync();
        var provider = Provider(entra, SecretSettings());

        var forFirst = await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);
        var forSecond = await provider.GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);

        Assert.Equal(forFirst, forSecond);
        Assert.Equal(1, entra.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(entra, forFirst));
        Assert.Single(entra.State.Requests.Matching("POST", $"/{Tenant}/oauth2/v2.0/token"));
        Assert.Equal(new AzureIdentityRegistry.EntraGrant(Tenant, ClientId, "secret", "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default"), Assert.Single(entra.State.Azure.Grants));
        Assert.All(entra.State.Requests.Entries, e => Assert.DoesNotContain(Secret, e.Body ?? string.Empty, StringComparison.Ordinal));
        Assert.Equal(AuthTypes.EntraServicePrincipal, provider.AuthType);
    }

    [Fact]
    public async Task Concurrent_callers_share_one_request_and_a_rejected_token_is_replaced_once()
    {
        await using var entra = await StartAsync();
        var provider = Provider(entra, SecretSettings());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask()));
        Assert.Single(tokens.Distinct());
        Assert.Equal(1, entra.State.Tokens.IssuedCount);

        // After a 401 every worker asks again with the token it was refused; one new token serves them all.
        var replaced = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => provider.GetTokenAfterRejectionAsync(entra.BaseAddress, tokens[0], CancellationToken.None).AsTask()));
        Assert.Single(replaced.Distinct());
        Assert.NotEqual(tokens[0], replaced[0]);
        Assert.Equal(2, entra.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(entra, replaced[0]));
    }

    [Fact]
    public async Task The_token_is_refreshed_before_it_expires()
    {
        await using var entra = await StartAsync();
        entra.State.Tokens.TokenLifetime = TimeSpan.FromMinutes(30);
        var clock = new ManualClock();
        var provider = Provider(entra, SecretSettings(), clock);

        var first = await provider.AcquireAsync(entra.BaseAddress, false, null, null, CancellationToken.None);
        Assert.InRange(first.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));

        clock.Advance(TimeSpan.FromMinutes(20));
        await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);
        Assert.Equal(1, entra.State.Tokens.IssuedCount);
        clock.Advance(TimeSpan.FromMinutes(6));
        await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);
        Assert.Equal(2, entra.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task A_wrong_secret_is_an_auth_error_without_the_secret()
    {
        await using var entra = await StartAsync();
        var provider = Provider(entra, SecretSettings("entra~wrong~secret~9"));

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Equal(401, error.HttpStatus);
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Entra application '{ClientId}' in tenant '{Tenant}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace ID", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("entra~wrong~secret~9", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, entra.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task An_unknown_tenant_is_an_auth_error_naming_the_tenant()
    {
        await using var entra = await StartAsync();
        var provider = Provider(entra, SecretSettings(tenant: "99999999-0000-0000-0000-000000000000"));

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Contains("AADSTS90002", error.Message, StringComparison.Ordinal);
        Assert.Contains("99999999-0000-0000-0000-000000000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_busy_token_endpoint_is_retried()
    {
        await using var entra = await StartAsync();
        entra.State.Faults.Add(new FaultRule { Method = "POST", PathPattern = "/oauth2/v2.0/token$", Status = 503, Times = 1 });
        var provider = Provider(entra, SecretSettings());

        var token = await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);

        Assert.True(await ApiAccepts(entra, token));
        Assert.Equal(2, await TokenRequests(entra, $"/{Tenant}/oauth2/v2.0/token", 2));
    }

    [Theory]
    [InlineData("pfx-with-password")]
    [InlineData("pem")]
    [InlineData("object")]
    public async Task A_certificate_signs_the_client_assertion(string form)
    {
        await using var entra = await StartAsync();
        using var certificate = SelfSigned("CN=genie-entra-app");
        entra.State.Azure.AddAppCertificate(Tenant, ClientId, certificate);
        var settings = new AuthSettings { Method = AuthMethod.EntraCertificate, Host = Workspace, TenantId = Tenant, ClientId = ClientId };
        switch (form)
        {
            case "pfx-with-password":
                var pfx = Path.Combine(_directory, "app.pfx");
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx~password~1"));
                settings = new AuthSettings { Method = settings.Method, Host = Workspace, TenantId = Tenant, ClientId = ClientId, CertificatePath = pfx, CertificatePassword = SecureStrings.Protect("pfx~password~1") };
                break;
            case "pem":
                var pem = Path.Combine(_directory, "app.pem");
                await File.WriteAllTextAsync(pem, certificate.ExportCertificatePem() + "\n" + certificate.GetRSAPrivateKey()!.ExportRSAPrivateKeyPem());
                settings = new AuthSettings { Method = settings.Method, Host = Workspace, TenantId = Tenant, ClientId = ClientId, CertificatePath = pem };
                break;
            default:
                settings = new AuthSettings { Method = settings.Method, Host = Workspace, TenantId = Tenant, ClientId = ClientId, Certificate = certificate };
                break;
        }

        var provider = Provider(entra, settings);
        var token = await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);

        Assert.True(await ApiAccepts(entra, token));
        Assert.Equal(AuthTypes.EntraCertificate, provider.AuthType);
        Assert.Equal("certificate", Assert.Single(entra.State.Azure.Grants).Proof);
    }

    [Fact]
    public async Task A_certificate_is_found_by_thumbprint_in_the_current_user_store()
    {
        await using var entra = await StartAsync();
        using var certificate = SelfSigned("CN=genie-entra-store-app");
        entra.State.Azure.AddAppCertificate(Tenant, ClientId, certificate);
        using var store = new X509Store(StoreName.My, StoreLocation.CurrentUser);
        store.Open(OpenFlags.ReadWrite);
        store.Add(certificate);
        try
        {
            var provider = Provider(entra, new AuthSettings { Method = AuthMethod.EntraCertificate, Host = Workspace, TenantId = Tenant, ClientId = ClientId, CertificateThumbprint = certificate.Thumbprint.ToLowerInvariant() });

            Assert.True(await ApiAccepts(entra, await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None)));
        }
        finally
        {
            store.Remove(certificate);
        }
    }

    [Fact]
    public async Task A_certificate_the_app_does_not_know_is_refused()
    {
        await using var entra = await StartAsync();
        using var registered = SelfSigned("CN=registered");
        using var other = SelfSigned("CN=not-registered");
        entra.State.Azure.AddAppCertificate(Tenant, ClientId, registered);
        var provider = Provider(entra, new AuthSettings { Method = AuthMethod.EntraCertificate, Host = Workspace, TenantId = Tenant, ClientId = ClientId, Certificate = other });

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Contains("AADSTS700027", error.Message, StringComparison.Ordinal);
        Assert.Contains(other.Thumbprint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unusable_certificates_fail_before_any_request()
    {
        await using var entra = await StartAsync();
        using var certificate = SelfSigned("CN=genie-entra-app");
        var pfx = Path.Combine(_directory, "locked.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "right~password"));
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);

        AuthSettings With(string? path = null, string? password = null, X509Certificate2? value = null, string? thumbprint = null) => new()
        {
            Method = AuthMethod.EntraCertificate,
            Host = Workspace,
            TenantId = Tenant,
            ClientId = ClientId,
            CertificatePath = path,
            CertificatePassword = password is null ? null : SecureStrings.Protect(password),
            Certificate = value,
            CertificateThumbprint = thumbprint,
        };

        var wrongPassword = Assert.Throws<GenieObservabilityException>(() => Provider(entra, With(pfx, "wrong~password")));
        Assert.Equal("GenieCertificateInvalid", wrongPassword.ErrorId);
        Assert.DoesNotContain("wrong~password", wrongPassword.ToString(), StringComparison.Ordinal);
        Assert.Equal("GenieCertificateNotFound", Assert.Throws<GenieObservabilityException>(() => Provider(entra, With(Path.Combine(_directory, "missing.pfx")))).ErrorId);
        Assert.Equal("GenieCertificateInvalid", Assert.Throws<GenieObservabilityException>(() => Provider(entra, With(value: publicOnly))).ErrorId);
        Assert.Equal("GenieCertificateNotFound", Assert.Throws<GenieObservabilityException>(() => Provider(entra, With(thumbprint: "00112233445566778899AABBCCDDEEFF00112233"))).ErrorId);
        Assert.Empty(entra.State.Requests.Entries);
    }

    [Fact]
    public async Task Workload_identity_exchanges_the_federated_token_from_AZURE_FEDERATED_TOKEN_FILE()
    {
        await using var entra = await StartAsync();
        var tokenFile = await FederatedTokenFileAsync(entra, "system:serviceaccount:genie:runner");

        // The variables the AKS workload identity webhook sets.
        var provider = Provider(entra, new AuthSettings { Host = Workspace }, null, ("AZURE_FEDERATED_TOKEN_FILE", tokenFile), ("AZURE_CLIENT_ID", ClientId), ("AZURE_TENANT_ID", Tenant));
        var token = await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);

        Assert.Equal(AuthTypes.WorkloadIdentity, provider.AuthType);
        Assert.True(await ApiAccepts(entra, token));
        Assert.Equal("federated", Assert.Single(entra.State.Azure.Grants).Proof);
    }

    [Fact]
    public async Task A_missing_federated_token_file_is_no_token_naming_the_file()
    {
        await using var entra = await StartAsync();
        var missing = Path.Combine(_directory, "no-token-here");
        var provider = Provider(entra, new AuthSettings { Host = Workspace }, null, ("AZURE_FEDERATED_TOKEN_FILE", missing), ("AZURE_CLIENT_ID", ClientId), ("AZURE_TENANT_ID", Tenant));

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.NoToken, error.ErrorType);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Empty(entra.State.Azure.Grants);
    }

    [Fact]
    public async Task A_federated_token_for_another_subject_is_refused()
    {
        await using var entra = await StartAsync();
        var tokenFile = await FederatedTokenFileAsync(entra, "system:serviceaccount:other:pod");
        var provider = Provider(entra, new AuthSettings { Host = Workspace, AuthType = "azure-workload-identity" }, null, ("AZURE_FEDERATED_TOKEN_FILE", tokenFile), ("ARM_CLIENT_ID", ClientId), ("ARM_TENANT_ID", Tenant));

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Contains("AADSTS70021", error.Message, StringComparison.Ordinal);
        Assert.Contains("system:serviceaccount:other:pod", error.Message, StringComparison.Ordinal);
    }
}
