using System.Net;
using System.Net.Sockets;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class ManagedIdentityProviderTests
{
    private const string SystemIdentity = "system-identity-client-id";
    private const string UserIdentity = "user-identity-client-id";
    private const string Header = "automation-header-secret-77";

    private static async Task<WorkspaceEmulator> StartAsync()
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Azure.SystemIdentity = SystemIdentity;
        emulator.State.Azure.AddUserIdentity(UserIdentity);
        emulator.State.Azure.IdentityHeader = Header;
        return emulator;
    }

    private static Func<string, string?> Imds(WorkspaceEmulator emulator) => Environment(("AZURE_POD_IDENTITY_AUTHORITY_HOST", emulator.BaseAddress.ToString()));

    private static Func<string, string?> Automation(WorkspaceEmulator emulator, string header = Header) =>
        Environment(("IDENTITY_ENDPOINT", new Uri(emulator.BaseAddress, "msi/token").ToString()), ("IDENTITY_HEADER", header));

    [Fact]
    public async Task Imds_gives_the_system_identity_token_once_for_all_workspaces()
    {
        await using var emulator = await StartAsync();
        var provider = new ManagedIdentityProvider(environment: Imds(emulator), retry: FastRetry);

        var token = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        Assert.Equal(token, await provider.GetTokenAsync(new Uri("https://adb-2.azuredatabricks.net/"), false, CancellationToken.None));

        Assert.Equal("Imds", provider.Flavor);
        Assert.Equal(1, emulator.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(emulator, token));
        Assert.Equal(1, await TokenRequests(emulator, "/metadata/identity/oauth2/token", 1));
        var request = Assert.Single(emulator.State.Requests.Matching("GET", "/metadata/identity/oauth2/token"));
        Assert.Contains("api-version=2018-02-01", request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("client_id", request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_selects_a_user_assigned_identity_by_client_id()
    {
        await using var emulator = await StartAsync();
        var provider = new ManagedIdentityProvider(UserIdentity, Imds(emulator), retry: FastRetry);

        var token = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        Assert.True(await ApiAccepts(emulator, token));
        Assert.Equal(1, await TokenRequests(emulator, "/metadata/identity/oauth2/token", 1));
        var request = Assert.Single(emulator.State.Requests.Matching("GET", "/metadata/identity/oauth2/token"));
        Assert.Contains("client_id=" + UserIdentity, request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_user_assigned_identity_is_an_auth_error()
    {
        await using var emulator = await StartAsync();
        var provider = new ManagedIdentityProvider("no-such-identity", Imds(emulator), retry: FastRetry);

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Contains("Identity not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_automation_endpoint_is_used_when_IDENTITY_ENDPOINT_and_IDENTITY_HEADER_are_set()
    {
        await using var emulator = await StartAsync();
        var provider = new ManagedIdentityProvider(environment: Automation(emulator), retry: FastRetry);

        var token = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        Assert.Equal("IdentityEndpoint", provider.Flavor);
        Assert.True(await ApiAccepts(emulator, token));
        Assert.Equal(1, await TokenRequests(emulator, "/msi/token", 1));
        var request = Assert.Single(emulator.State.Requests.Matching("GET", "/msi/token"));
        Assert.Contains("api-version=2019-08-01", request.Query, StringComparison.Ordinal);
        Assert.Empty(emulator.State.Requests.Matching("GET", "/metadata"));
    }

    [Fact]
    public async Task The_automation_expiry_in_epoch_seconds_drives_the_refresh()
    {
        await using var emulator = await StartAsync();
        emulator.State.Tokens.TokenLifetime = TimeSpan.FromMinutes(30);
        var clock = new ManualClock();
        var provider = new ManagedIdentityProvider(UserIdentity, Automation(emulator), retry: FastRetry, time: clock);

        var token = await provider.AcquireAsync(emulator.BaseAddress, false, null, null, CancellationToken.None);
        Assert.InRange(token.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));

        clock.Advance(TimeSpan.FromMinutes(20));
        await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        Assert.Equal(1, emulator.State.Tokens.IssuedCount);
        clock.Advance(TimeSpan.FromMinutes(6));
        await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        Assert.Equal(2, emulator.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task A_wrong_identity_header_is_an_auth_error_without_the_header_value()
    {
        await using var emulator = await StartAsync();
        var provider = new ManagedIdentityProvider(environment: Automation(emulator, "wrong-header-value-123"), retry: FastRetry);

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.DoesNotContain("wrong-header-value-123", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_metadata_service_fails_fast_with_no_token()
    {
        // A loopback port nobody listens on: refused at once, and refused connections are not retried.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var provider = new ManagedIdentityProvider(environment: Environment(("AZURE_POD_IDENTITY_AUTHORITY_HOST", $"http://127.0.0.1:{port}")), retry: FastRetry);

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(new Uri("https://adb-1.azuredatabricks.net/"), false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.NoToken, error.ErrorType);
        Assert.Contains("after 1 attempt", error.Message, StringComparison.Ordinal);
        Assert.Contains("managed identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_overrides_imds_is_the_link_local_metadata_address()
    {
        var provider = new ManagedIdentityProvider(environment: Environment());

        Assert.Equal("http://169.254.169.254/metadata/identity/oauth2/token", provider.Endpoint);
    }
}
