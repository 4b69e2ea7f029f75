using System.Security;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class StaticTokenProviderTests
{
    [Fact]
    public async Task Sends_the_same_token_for_every_workspace_and_after_a_rejection()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken("dapi-static-token-1");
        ITokenProvider provider = new StaticTokenProvider(SecureStrings.Protect("dapi-static-token-1"));

        var token = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        Assert.Equal("dapi-static-token-1", token);
        Assert.Equal(token, await provider.GetTokenAsync(new Uri("https://other.cloud.databricks.com/"), true, CancellationToken.None));
        Assert.Equal(token, await provider.GetTokenAfterRejectionAsync(emulator.BaseAddress, token, CancellationToken.None));
        Assert.True(await ApiAccepts(emulator, token));
        Assert.Equal(AuthTypes.Pat, provider.AuthType);
    }

    [Fact]
    public void An_empty_token_is_refused()
    {
        var error = Assert.Throws<GenieApiException>(() => new StaticTokenProvider(new SecureString()));
        Assert.Equal(GenieApiErrorType.NoToken, error.ErrorType);
    }

    [Fact]
    public void Each_resolved_credential_creates_its_provider()
    {
        var host = "https://adb-1.azuredatabricks.net";
        var environment = Environment(("HOME", Path.GetTempPath()));
        Assert.IsType<StaticTokenProvider>(CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.AccessToken, Host = host, AccessToken = SecureStrings.Protect("t") }, environment).CreateProvider(environment));
        Assert.IsType<DatabricksOAuthProvider>(CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.OAuthM2M, Host = host, ClientId = "c", ClientSecret = SecureStrings.Protect("s") }, environment).CreateProvider(environment));
        var entra = Assert.IsType<AzureIdentityProvider>(CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.EntraServicePrincipal, Host = host, TenantId = "t", ClientId = "c", ClientSecret = SecureStrings.Protect("s") }, environment).CreateProvider(environment));
        Assert.Equal(AuthTypes.EntraServicePrincipal, entra.AuthType);
        Assert.Equal("https://login.microsoftonline.com/t/oauth2/v2.0/token", entra.Endpoint);
        var identity = Assert.IsType<AzureIdentityProvider>(CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.ManagedIdentity, Host = host, ClientId = "uami" }, environment).CreateProvider(environment));
        Assert.Equal(AuthTypes.ManagedIdentity, identity.AuthType);
        Assert.Equal("http://169.254.169.254/metadata/identity/oauth2/token", identity.Endpoint);
    }
}
