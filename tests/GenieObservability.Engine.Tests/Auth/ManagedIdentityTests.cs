using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

/// <summary>
/// Managed identity through Azure.Identity/MSAL against the emulator's IMDS and Automation routes. MSAL reads
/// IDENTITY_ENDPOINT, IDENTITY_HEADER and AZURE_POD_IDENTITY_AUTHORITY_HOST from the process (the IMDS address once per
/// process), so these tests set the process environment, one at a time, against one emulator.
/// </summary>
[Collection(ManagedIdentityProcessEnvironment.Name)]
public sealed class ManagedIdentityTests(ManagedIdentityHost host) : IDisposable
{
    private const string Workspace = "https://adb-1234567890123456.7.azuredatabricks.net";

    private WorkspaceEmulator Emulator => host.Emulator;

    public void Dispose()
    {
        System.Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
        System.Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        Emulator.State.Tokens.TokenLifetime = TimeSpan.FromHours(1);
    }

    private static CachingTokenProvider Provider(string? clientId = null, TimeProvider? time = null) =>
        (CachingTokenProvider)CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.ManagedIdentity, Host = Workspace, ClientId = clientId }).CreateProvider(retry: FastRetry, time: time);

    private void UseAutomationEndpoint(string header = ManagedIdentityHost.Header)
    {
        System.Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", new Uri(Emulator.BaseAddress, "msi/token").ToString());
        System.Environment.SetEnvironmentVariable("IDENTITY_HEADER", header);
    }

    private int Requests(string path) => Emulator.State.Requests.Entries.Count(e => e.Path == path);

    [Fact]
    public async Task Imds_gives_the_system_identity_token_once_for_all_workspaces()
    {
        var issued = Emulator.State.Tokens.IssuedCount;
        var before = Emulator.State.Requests.Entries.Count;
        var provider = Provider();

        var token = await provider.GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);
        Assert.Equal(token, await provider.GetTokenAsync(Emulator.BaseAddress, false, CancellationToken.None));

        Assert.Equal(issued + 1, Emulator.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(Emulator, token));
        var request = Assert.Single(Emulator.State.Requests.Entries.Skip(before), e => e.Path == "/metadata/identity/oauth2/token");
        Assert.Equal(200, request.Status);
        Assert.Contains("api-version=2018-02-01", request.Query, StringComparison.Ordinal);
        Assert.Contains("resource=2ff814a6-3304-4ab8-85cb-cd0e6f879c1d", request.Query, StringComparison.Ordinal);
        Assert.DoesNotContain("client_id", request.Query, StringComparison.Ordinal);
        Assert.Equal(AuthTypes.ManagedIdentity, provider.AuthType);
    }

    [Fact]
    public async Task Imds_selects_a_user_assigned_identity_by_client_id()
    {
        var before = Emulator.State.Requests.Entries.Count;

        var token = await Provider(ManagedIdentityHost.UserIdentity).GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);

        Assert.True(await ApiAccepts(Emulator, token));
        var request = Assert.Single(Emulator.State.Requests.Entries.Skip(before), e => e.Path == "/metadata/identity/oauth2/token");
        Assert.Contains("client_id=" + ManagedIdentityHost.UserIdentity, request.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_token_is_replaced_even_though_the_library_cache_is_process_wide()
    {
        var provider = Provider();
        var token = await provider.GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);
        var issued = Emulator.State.Tokens.IssuedCount;

        // A second connection in the same process also asks the endpoint instead of reusing MSAL's shared cache.
        var other = await Provider().GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);
        var replaced = await provider.GetTokenAfterRejectionAsync(new Uri(Workspace), token, CancellationToken.None);

        Assert.NotEqual(token, other);
        Assert.NotEqual(token, replaced);
        Assert.Equal(issued + 2, Emulator.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(Emulator, replaced));
    }

    [Fact]
    public async Task An_unknown_user_assigned_identity_is_an_auth_error()
    {
        var error = await Assert.ThrowsAsync<GenieApiException>(() => Provider("no-such-identity").GetTokenAsync(new Uri(Workspace), false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Equal(400, error.HttpStatus);
        Assert.Contains("Identity not found", error.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-identity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_automation_endpoint_is_used_when_IDENTITY_ENDPOINT_and_IDENTITY_HEADER_are_set()
    {
        UseAutomationEndpoint();
        var imds = Requests("/metadata/identity/oauth2/token");
        var before = Emulator.State.Requests.Entries.Count;

        var token = await Provider().GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);

        Assert.True(await ApiAccepts(Emulator, token));
        var request = Assert.Single(Emulator.State.Requests.Entries.Skip(before), e => e.Path == "/msi/token");
        Assert.Contains("api-version=2019-08-01", request.Query, StringComparison.Ordinal);
        Assert.Equal(imds, Requests("/metadata/identity/oauth2/token"));
    }

    [Fact]
    public async Task The_automation_expiry_in_epoch_seconds_drives_the_refresh()
    {
        UseAutomationEndpoint();
        Emulator.State.Tokens.TokenLifetime = TimeSpan.FromMinutes(30);
        var clock = new ManualClock();
        var provider = Provider(ManagedIdentityHost.UserIdentity, clock);
        var issued = Emulator.State.Tokens.IssuedCount;

        var token = await provider.AcquireAsync(new Uri(Workspace), false, null, null, CancellationToken.None);
        Assert.InRange(token.ExpiresOn - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(31));

        clock.Advance(TimeSpan.FromMinutes(20));
        await provider.GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);
        Assert.Equal(issued + 1, Emulator.State.Tokens.IssuedCount);
        clock.Advance(TimeSpan.FromMinutes(6));
        await provider.GetTokenAsync(new Uri(Workspace), false, CancellationToken.None);
        Assert.Equal(issued + 2, Emulator.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task A_wrong_identity_header_is_an_auth_error_without_the_header_value()
    {
        UseAutomationEndpoint("wrong-header-value-123");

        var error = await Assert.ThrowsAsync<GenieApiException>(() => Provider().GetTokenAsync(new Uri(Workspace), false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Equal(401, error.HttpStatus);
        Assert.DoesNotContain("wrong-header-value-123", error.ToString(), StringComparison.Ordinal);
    }
}

/// <summary>The emulator that plays this process's IMDS and Automation endpoint, and the process environment pointing at it.</summary>
public sealed class ManagedIdentityHost : IAsyncLifetime
{
    public const string SystemIdentity = "system-identity-client-id";
    public const string UserIdentity = "user-identity-client-id";
    public const string Header = "automation-header-secret-77";

    public WorkspaceEmulator Emulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Emulator = await WorkspaceEmulator.StartAsync();
        Emulator.State.Azure.SystemIdentity = SystemIdentity;
        Emulator.State.Azure.AddUserIdentity(UserIdentity);
        Emulator.State.Azure.IdentityHeader = Header;
        System.Environment.SetEnvironmentVariable("AZURE_POD_IDENTITY_AUTHORITY_HOST", Emulator.BaseAddress.ToString());
    }

    public async Task DisposeAsync() => await Emulator.DisposeAsync();
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ManagedIdentityProcessEnvironment : ICollectionFixture<ManagedIdentityHost>
{
    public const string Name = "Managed identity (process environment)";
}
