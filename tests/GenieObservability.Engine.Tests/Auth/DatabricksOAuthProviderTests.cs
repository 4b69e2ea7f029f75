using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class DatabricksOAuthProviderTests
{
    private const string ClientId = "sp-app-id";
    private const string Secret = "dose-super-secret-value";

    private static DatabricksOAuthProvider Provider(string secret = Secret, TimeProvider? time = null) =>
        new(ClientId, SecureStrings.Protect(secret), retry: FastRetry, time: time);

    [Fact]
    public async Task Issues_a_token_the_workspace_accepts_and_caches_it()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var provider = Provider();

        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        var second = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(1, emulator.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(emulator, first));
        Assert.Equal(AuthTypes.OAuthM2M, provider.AuthType);
    }

    [Fact]
    public async Task Refreshes_once_when_near_expiry_not_per_request()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var clock = new ManualClock();
        var provider = Provider(time: clock);

        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Equal(first, await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None));
        Assert.Equal(1, emulator.State.Tokens.IssuedCount);

        // Less than 5 minutes left of the hour: the next calls refresh once and then reuse the new token.
        clock.Advance(TimeSpan.FromMinutes(2));
        var refreshed = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            refreshed.Add(await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None));
        }

        Assert.Equal(2, emulator.State.Tokens.IssuedCount);
        Assert.Single(refreshed.Distinct());
        Assert.NotEqual(first, refreshed[0]);
    }

    [Fact]
    public async Task Short_lived_tokens_are_replaced_after_they_expire_in_real_time()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        emulator.State.Tokens.TokenLifetime = TimeSpan.FromSeconds(2);
        var provider = Provider();

        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        // Its replacement lives long, so a slow machine cannot make the loop below outlive it too.
        emulator.State.Tokens.TokenLifetime = TimeSpan.FromHours(1);
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add(await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None));
        }

        Assert.Equal(2, emulator.State.Tokens.IssuedCount);
        Assert.DoesNotContain(first, tokens);
        Assert.True(await ApiAccepts(emulator, tokens[^1]));
        Assert.False(await ApiAccepts(emulator, first));
    }

    [Fact]
    public async Task Force_refresh_after_a_401_discards_the_cached_token_once()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var provider = Provider();

        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        emulator.State.Tokens.RevokeAll();
        Assert.False(await ApiAccepts(emulator, first));

        var forced = await provider.GetTokenAsync(emulator.BaseAddress, true, CancellationToken.None);
        var plain = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        Assert.NotEqual(first, forced);
        Assert.Equal(forced, plain);
        Assert.Equal(2, emulator.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(emulator, forced));
    }

    [Fact]
    public async Task A_rejected_token_is_replaced_only_if_it_is_still_the_cached_one()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var provider = Provider();
        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        var second = await provider.GetTokenAfterRejectionAsync(emulator.BaseAddress, first, CancellationToken.None);
        // A straggler reporting the old token gets the new one without another request.
        var straggler = await provider.GetTokenAfterRejectionAsync(emulator.BaseAddress, first, CancellationToken.None);
        // The new token itself being rejected (it expired or was revoked early) replaces it again.
        var third = await provider.GetTokenAfterRejectionAsync(emulator.BaseAddress, second, CancellationToken.None);

        Assert.NotEqual(first, second);
        Assert.Equal(second, straggler);
        Assert.NotEqual(second, third);
        Assert.Equal(3, emulator.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task Twenty_concurrent_callers_share_one_token_request()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Kind = FaultKind.Latency, LatencyMilliseconds = 300 });
        var provider = Provider();

        using var start = new ManualResetEventSlim();
        var callers = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);
        })).ToArray();
        start.Set();
        var tokens = await Task.WhenAll(callers);

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, emulator.State.Tokens.IssuedCount);
        Assert.Equal(1, await TokenRequests(emulator, "/oidc/v1/token", 1));
    }

    [Fact]
    public async Task Twenty_concurrent_rejections_of_one_token_cost_one_token_request()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        // Through the interface, as the API client calls it.
        ITokenProvider provider = Provider();
        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () => await provider.GetTokenAfterRejectionAsync(emulator.BaseAddress, first, CancellationToken.None))));

        Assert.Single(tokens.Distinct());
        Assert.NotEqual(first, tokens[0]);
        Assert.Equal(2, emulator.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task A_wrong_secret_is_an_auth_error_that_names_the_client_but_not_the_secret()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var provider = Provider("dose-wrong-secret-4711");

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Equal(401, error.HttpStatus);
        Assert.Contains(ClientId, error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("dose-wrong-secret-4711", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(GenieErrorCategory.AuthenticationError, error.Category);

        // A refused credential is not retried.
        Assert.Equal(1, await TokenRequests(emulator, "/oidc/v1/token", 1));
    }

    [Fact]
    public async Task Keeps_one_token_per_workspace_host()
    {
        await using var first = await WorkspaceEmulator.StartAsync();
        await using var second = await WorkspaceEmulator.StartAsync();
        first.State.Tokens.AddClient(ClientId, Secret);
        second.State.Tokens.AddClient(ClientId, Secret);
        var provider = Provider();

        var a = await provider.GetTokenAsync(first.BaseAddress, false, CancellationToken.None);
        var b = await provider.GetTokenAsync(second.BaseAddress, false, CancellationToken.None);
        Assert.Equal(a, await provider.GetTokenAsync(first.BaseAddress, false, CancellationToken.None));
        Assert.Equal(b, await provider.GetTokenAsync(second.BaseAddress, false, CancellationToken.None));

        Assert.NotEqual(a, b);
        Assert.Equal(1, first.State.Tokens.IssuedCount);
        Assert.Equal(1, second.State.Tokens.IssuedCount);
        Assert.True(await ApiAccepts(first, a));
        Assert.True(await ApiAccepts(second, b));
        Assert.False(await ApiAccepts(second, a));
    }

    [Fact]
    public async Task Retries_the_token_endpoint_on_429_and_5xx()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Status = 429, RetryAfterSeconds = 0, Times = 1 });
        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Status = 503, Times = 1 });
        var provider = Provider();

        var token = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        Assert.True(await ApiAccepts(emulator, token));
        Assert.Equal(3, await TokenRequests(emulator, "/oidc/v1/token", 3));
    }

    [Fact]
    public async Task A_token_endpoint_that_keeps_failing_gives_no_token_after_a_bounded_number_of_attempts()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Status = 503 });
        var provider = Provider();

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.NoToken, error.ErrorType);
        Assert.Equal(503, error.HttpStatus);
        Assert.Equal(FastRetry.MaxAttempts, await TokenRequests(emulator, "/oidc/v1/token", FastRetry.MaxAttempts));
    }

    [Fact]
    public async Task An_html_login_page_instead_of_a_token_is_reported_not_parsed()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Kind = FaultKind.HtmlLogin });
        var provider = Provider();

        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask());

        Assert.Equal(GenieApiErrorType.NoToken, error.ErrorType);
        Assert.Contains("without an access token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_plain_http_to_a_non_loopback_workspace_before_sending_anything()
    {
        var provider = Provider();

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => provider.GetTokenAsync(new Uri("http://adb-1.azuredatabricks.net/"), false, CancellationToken.None).AsTask());

        Assert.Equal("GenieInsecureHost", error.ErrorId);
    }

    [Fact]
    public async Task A_caller_that_gives_up_does_not_cancel_the_shared_refresh()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Kind = FaultKind.Latency, LatencyMilliseconds = 500 });
        var provider = Provider();

        using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var cancelled = provider.GetTokenAsync(emulator.BaseAddress, false, impatient.Token).AsTask();
        var patient = provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.True(await ApiAccepts(emulator, await patient));
        Assert.Equal(1, emulator.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task An_optional_grace_makes_repeated_forced_refreshes_share_the_first_ones_token()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var clock = new ManualClock();
        var provider = new DatabricksOAuthProvider(ClientId, SecureStrings.Protect(Secret), retry: FastRetry, time: clock) { ForcedRefreshGrace = TimeSpan.FromSeconds(10) };

        var first = await provider.GetTokenAsync(emulator.BaseAddress, true, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(first, await provider.GetTokenAsync(emulator.BaseAddress, true, CancellationToken.None));
        clock.Advance(TimeSpan.FromSeconds(6));
        Assert.NotEqual(first, await provider.GetTokenAsync(emulator.BaseAddress, true, CancellationToken.None));
        Assert.Equal(2, emulator.State.Tokens.IssuedCount);
    }

    [Fact]
    public async Task A_failed_early_refresh_keeps_using_the_still_valid_token_and_does_not_hammer_the_endpoint()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient(ClientId, Secret);
        var clock = new ManualClock();
        var provider = Provider(time: clock);
        var first = await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None);

        emulator.State.Faults.Add(new FaultRule { PathPattern = "^/oidc/v1/token$", Status = 503 });
        clock.Advance(TimeSpan.FromMinutes(57));
        Assert.Equal(first, await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None));
        Assert.Equal(first, await provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None));
        Assert.Equal(1 + FastRetry.MaxAttempts, await TokenRequests(emulator, "/oidc/v1/token", 1 + FastRetry.MaxAttempts));

        // Once it has expired there is nothing to fall back on: the failure reaches the caller.
        clock.Advance(TimeSpan.FromMinutes(4));
        var error = await Assert.ThrowsAsync<GenieApiException>(() => provider.GetTokenAsync(emulator.BaseAddress, false, CancellationToken.None).AsTask());
        Assert.Equal(GenieApiErrorType.NoToken, error.ErrorType);
    }
}
