using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class EntraServicePrincipalProviderTests
{
    private const string Tenant = "11111111-2222-3333-4444-555555555555";
    private const string ClientId = "entra-app-id";
    private const string Secret = "entra~secret~value~0001";

    private static async Task<WorkspaceEmulator> StartAsync()
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Azure.AddApp(Tenant, ClientId, Secret);
        return emulator;
    }

    [Fact]
    public async Task Gets_one_token_from_the_v2_endpoint_for_every_workspace()
    {
        await using var entra = await StartAsync();
        await using var other = await WorkspaceEmulator.StartAsync();
        var provider = new EntraServicePrincipalProvider(Tenant, ClientId, SecureStrings.Protect(Secret), entra.BaseAddress, retry: FastRetry);

        var forFirst = await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);
        var forSecond = await provider.GetTokenAsync(other.BaseAddress, false, CancellationToken.None);

        Assert.Equal(forFirst, forSecond);
        Assert.Equal(1, entra.State.Tokens.IssuedCount);
        Assert.Equal(1, await TokenRequests(entra, $"/{Tenant}/oauth2/v2.0/token", 1));
        Assert.True(await ApiAccepts(entra, forFirst));
        Assert.Equal(AuthTypes.EntraServicePrincipal, provider.AuthType);
    }

    [Fact]
    public async Task The_authority_host_comes_from_AZURE_AUTHORITY_HOST()
    {
        await using var entra = await StartAsync();
        var credential = CredentialResolver.Resolve(
            new AuthSettings { Method = AuthMethod.EntraServicePrincipal, Host = "https://adb-1.azuredatabricks.net", TenantId = Tenant, ClientId = ClientId, ClientSecret = SecureStrings.Protect(Secret) });
        var provider = (EntraServicePrincipalProvider)credential.CreateProvider(Environment(("AZURE_AUTHORITY_HOST", entra.BaseAddress.ToString())), retry: FastRetry);

        var token = await provider.GetTokenAsync(credential.Host, false, CancellationToken.None);

        Assert.StartsWith(entra.BaseAddress.ToString(), provider.TokenEndpoint.ToString(), StringComparison.Ordinal);
        Assert.True(await ApiAccepts(entra, token));
    }

    [Fact]
    public void Without_an_override_the_authority_is_login_microsoftonline_com()
    {
        var credential = CredentialResolver.Resolve(
            new AuthSettings { Method = AuthMethod.EntraServicePrincipal, Host = "https://adb-1.azuredatabricks.net", TenantId = Tenant, ClientId = ClientId, ClientSecret = SecureStrings.Protect(Secret) });
        var provider = (EntraServicePrincipalProvider)credential.CreateProvider(Environment());

        Assert.Equal($"https://login.microsoftonline.com/{Tenant}/oauth2/v2.0/token", provider.TokenEndpoint.ToString());
    }

    [Fact]
    public async Task A_wrong_secret_is_an_auth_error_without_the_secret()
    {
        await using var entra = await StartAsync();
        var provider = new EntraServicePrincipalProvider(Tenant, ClientId, SecureStrings.Protect("entra~wrong~secret~9"), entra.BaseAddress, retry: FastRetry);

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Contains("AADSTS7000215", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Trace ID", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("entra~wrong~secret~9", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, entra.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task An_unknown_tenant_is_an_auth_error_naming_the_tenant()
    {
        await using var entra = await StartAsync();
        var provider = new EntraServicePrincipalProvider("99999999-0000-0000-0000-000000000000", ClientId, SecureStrings.Protect(Secret), entra.BaseAddress, retry: FastRetry);

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Contains("99999999-0000-0000-0000-000000000000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_secret_never_reaches_the_request_log()
    {
        await using var entra = await StartAsync();
        var provider = new EntraServicePrincipalProvider(Tenant, ClientId, SecureStrings.Protect(Secret), entra.BaseAddress, retry: FastRetry);
        await provider.GetTokenAsync(entra.BaseAddress, false, CancellationToken.None);

        Assert.All(entra.State.Requests.Entries, e => Assert.DoesNotContain(Secret, e.Body ?? string.Empty, StringComparison.Ordinal));
    }
}
