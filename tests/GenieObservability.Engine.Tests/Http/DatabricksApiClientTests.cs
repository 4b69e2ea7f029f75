using System.Diagnostics;
using System.Net.Http.Headers;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Tests.Http;

public class DatabricksApiClientTests
{
    private const string SpacesPath = "/api/2.0/genie/spaces";
    private const string Seed = """{ "genie": { "spaces": [ { "space_id": "s1", "title": "Sales", "warehouse_id": "w1", "serialized_space": { "version": 2 } } ] } }""";
    private const string CreateBody = """{ "warehouse_id": "w1", "serialized_space": "{\"version\":2}", "title": "New" }""";

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_then_succeeds()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces$", Status = 429, RetryAfterSeconds = 2, Times = 1 });

        var watch = Stopwatch.StartNew();
        using var result = await workspace.Api.GetAsync(SpacesPath, CancellationToken.None);

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), $"retried after {watch.Elapsed}, before the 2 s Retry-After");
        Assert.Equal("s1", result.RootElement.GetProperty("spaces")[0].GetProperty("space_id").GetString());
        Assert.Equal(2, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 2));
        Assert.Contains(workspace.Log.Lines, l => l.Contains("Retrying GET /api/2.0/genie/spaces after HTTP 429 RATE_LIMITED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_burst_of_503_recovers()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces$", Status = 503, Times = 3 });

        using var result = await workspace.Api.GetAsync(SpacesPath, CancellationToken.None);

        Assert.Equal(4, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 4));
    }

    [Fact]
    public async Task A_500_on_GET_is_retried()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces$", Status = 500, Times = 2 });

        using var result = await workspace.Api.GetAsync(SpacesPath, CancellationToken.None);

        Assert.Equal(3, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 3));
    }

    [Fact]
    public async Task A_500_on_a_POST_create_is_not_retried()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "POST", PathPattern = "^/api/2.0/genie/spaces$", Status = 500, Times = 1 });

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.SendAsync(HttpMethod.Post, SpacesPath, CreateBody, idempotent: false, CancellationToken.None));

        Assert.Equal(GenieApiErrorType.ServerError, error.ErrorType);
        Assert.Equal(500, error.HttpStatus);
        Assert.Equal(1, await workspace.CountRequestsSettledAsync("POST", SpacesPath, 1));
        Assert.Equal(1, workspace.Emulator.State.Genie.SpaceCount);
    }

    [Fact]
    public async Task A_429_on_a_POST_is_retried_because_it_was_not_processed()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "POST", PathPattern = "^/api/2.0/genie/spaces$", Status = 429, Times = 1 });

        using var created = await workspace.Api.SendAsync(HttpMethod.Post, SpacesPath, CreateBody, idempotent: false, CancellationToken.None);

        Assert.Equal(2, await workspace.CountRequestsSettledAsync("POST", SpacesPath, 2));
        Assert.Equal(2, workspace.Emulator.State.Genie.SpaceCount);
    }

    [Fact]
    public async Task A_connection_reset_on_GET_is_retried_but_not_on_POST()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces$", Kind = FaultKind.Reset, Times = 1 });
        workspace.Emulator.State.Faults.Add(new FaultRule { Method = "POST", PathPattern = "^/api/2.0/genie/spaces$", Kind = FaultKind.Reset, Times = 1 });

        using var result = await workspace.Api.GetAsync(SpacesPath, CancellationToken.None);
        Assert.Equal(2, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 2));

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.SendAsync(HttpMethod.Post, SpacesPath, CreateBody, idempotent: false, CancellationToken.None));
        Assert.Equal(GenieApiErrorType.ServerError, error.ErrorType);
        Assert.Null(error.HttpStatus);
        await Task.Delay(500);
        Assert.Equal(1, await workspace.CountRequestsSettledAsync("POST", SpacesPath, 1));
    }

    [Fact]
    public async Task A_403_is_not_retried()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces/s1$", Status = 403 });

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.GetAsync(SpacesPath + "/s1", CancellationToken.None));

        Assert.Equal(GenieApiErrorType.PermissionDenied, error.ErrorType);
        Assert.Equal("PERMISSION_DENIED", error.ErrorCode);
        Assert.Equal("GenieApi.PERMISSION_DENIED", error.ErrorId);
        Assert.Equal(1, await workspace.CountRequestsSettledAsync("GET", SpacesPath + "/s1", 1));
    }

    [Fact]
    public async Task A_404_is_NOT_FOUND_with_the_request_id_and_never_the_token()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.GetAsync("/api/2.0/genie/spaces/s1/conversations/c9/messages/m9?x=1", CancellationToken.None));

        Assert.Equal(GenieApiErrorType.NotFound, error.ErrorType);
        Assert.Equal(404, error.HttpStatus);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", error.ErrorCode);
        Assert.Equal("GET", error.Method);
        Assert.Equal("/api/2.0/genie/spaces/s1/conversations/c9/messages/m9", error.Path);
        Assert.False(string.IsNullOrEmpty(error.RequestId));
        Assert.Contains(error.RequestId!, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await workspace.CountRequestsSettledAsync("GET", error.Path!, 1));
        Assert.DoesNotContain(ApiTestWorkspace.Token, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.Log.Lines, l => l.Contains(ApiTestWorkspace.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_HTML_sign_in_page_on_200_is_an_auth_error_not_a_crash()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces$", Kind = FaultKind.HtmlLogin });

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.GetAsync(SpacesPath, CancellationToken.None));

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Equal(200, error.HttpStatus);
        Assert.Contains("sign-in page", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 1));
    }

    [Theory]
    [InlineData(200, "application/json", "{\"spaces\": [", GenieApiErrorType.InvalidResponse, null)]
    [InlineData(200, "text/html", "<html><body><h1>Bad gateway page</h1></body></html>", GenieApiErrorType.InvalidResponse, null)]
    [InlineData(200, "text/plain", "OK", GenieApiErrorType.InvalidResponse, null)]
    [InlineData(400, "application/json", "{\"error\": \"INVALID_PARAMETER_VALUE: page_size is wrong\"}", GenieApiErrorType.BadRequest, "INVALID_PARAMETER_VALUE")]
    [InlineData(404, "application/json", "{\"error_code\": 1234, \"message\": \"legacy numeric code\"}", GenieApiErrorType.NotFound, "1234")]
    [InlineData(403, "text/plain", "PERMISSION_DENIED: You cannot see this space", GenieApiErrorType.PermissionDenied, "PERMISSION_DENIED")]
    [InlineData(404, "text/html", "<html><body><h2>HTTP ERROR 404</h2><pre>RESOURCE_DOES_NOT_EXIST: No such space</pre></body></html>", GenieApiErrorType.NotFound, "RESOURCE_DOES_NOT_EXIST")]
    [InlineData(409, null, "", GenieApiErrorType.Conflict, null)]
    [InlineData(400, "application/json", "{\"error_code\": \"REQUEST_LIMIT_EXCEEDED\", \"message\": \"slow down\"}", GenieApiErrorType.RateLimited, "REQUEST_LIMIT_EXCEEDED")]
    [InlineData(401, "text/html", "<html><title>Sign in</title></html>", GenieApiErrorType.AuthError, null)]
    public async Task Every_error_body_shape_is_classified(int status, string? contentType, string body, string expectedType, string? expectedCode)
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed, ApiTestWorkspace.FastOptions with { MaxAttempts = 2 });
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces$", Kind = FaultKind.RawBody, Status = status, ContentType = contentType, Body = body });

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.GetAsync(SpacesPath, CancellationToken.None));

        Assert.Equal(expectedType, error.ErrorType);
        Assert.Equal(status, error.HttpStatus);
        Assert.Equal(expectedCode, error.ErrorCode);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task An_expired_token_is_refreshed_once_per_expiry_not_per_request()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient("sp", "sp-secret");
        emulator.State.Tokens.MaxUsesPerToken = 5;
        using var tokens = new DatabricksOAuthProvider("sp", SecureStrings.Protect("sp-secret")) { ForcedRefreshGrace = TimeSpan.Zero };
        using var session = new WorkspaceSession(emulator.BaseAddress, tokens) { ApiOptions = ApiTestWorkspace.FastOptions };

        for (var i = 0; i < 20; i++)
        {
            using var page = await session.Api().GetAsync(SpacesPath, CancellationToken.None);
        }

        // Each token serves 5 requests; the 6th meets a 401, refreshes once and carries on: 4 tokens for 20 requests.
        Assert.Equal(4, emulator.State.Tokens.IssuedCount);
        Assert.Equal(23, await ApiTestWorkspace.SettledCountAsync(emulator, () => emulator.State.Requests.Matching("GET", SpacesPath).Count, 23));
    }

    [Fact]
    public async Task Concurrent_callers_that_meet_the_same_expired_token_share_one_refresh()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient("sp", "sp-secret");
        emulator.State.Tokens.MaxUsesPerToken = 50;
        using var tokens = new DatabricksOAuthProvider("sp", SecureStrings.Protect("sp-secret")) { ForcedRefreshGrace = TimeSpan.Zero };
        using var session = new WorkspaceSession(emulator.BaseAddress, tokens) { ApiOptions = ApiTestWorkspace.FastOptions };

        await Parallel.ForEachAsync(Enumerable.Range(0, 160), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            using var page = await session.Api().GetAsync(SpacesPath, ct);
        });

        Assert.InRange(emulator.State.Tokens.IssuedCount, 4, 5);
    }

    [Fact]
    public async Task A_401_that_persists_after_one_refresh_is_an_auth_error()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed, tokens: TestTokens.Pat("not-a-valid-token"));

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.GetAsync(SpacesPath, CancellationToken.None));

        Assert.Equal(GenieApiErrorType.AuthError, error.ErrorType);
        Assert.Equal(2, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 2));
        Assert.DoesNotContain("not-a-valid-token", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_total_time_budget_stops_retries()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed, ApiTestWorkspace.FastOptions with { TotalTimeout = TimeSpan.FromSeconds(3), MaxAttempts = 50 });
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces$", Status = 503, RetryAfterSeconds = 1 });

        var error = await Assert.ThrowsAsync<GenieApiException>(() => workspace.Api.GetAsync(SpacesPath, CancellationToken.None));

        Assert.Equal(503, error.HttpStatus);
        Assert.InRange(await workspace.CountRequestsSettledAsync("GET", SpacesPath, 2), 2, 3);
        Assert.Contains(workspace.Log.Lines, l => l.Contains("budget", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_a_GET_is_retried()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed, ApiTestWorkspace.FastOptions with { AttemptTimeout = TimeSpan.FromSeconds(1) });
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces$", Kind = FaultKind.Latency, LatencyMilliseconds = 5000, Times = 1 });

        using var result = await workspace.Api.GetAsync(SpacesPath, CancellationToken.None);

        Assert.Contains(workspace.Log.Lines, l => l.Contains("after TIMEOUT", StringComparison.Ordinal));
        Assert.Equal("s1", result.RootElement.GetProperty("spaces")[0].GetProperty("space_id").GetString());
    }

    [Fact]
    public async Task Cancellation_stops_an_in_flight_slow_request()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed);
        workspace.Emulator.State.Faults.Add(new FaultRule { PathPattern = "^/api/2.0/genie/spaces$", Kind = FaultKind.Latency, LatencyMilliseconds = 30000 });
        using var cancellation = new CancellationTokenSource();

        var call = workspace.Api.GetAsync(SpacesPath, cancellation.Token);
        await Task.Delay(300);
        cancellation.Cancel();
        var finished = await Task.WhenAny(call, Task.Delay(TimeSpan.FromSeconds(15)));

        Assert.Same(call, finished);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task The_request_budget_spaces_requests_out()
    {
        await using var workspace = await ApiTestWorkspace.StartAsync(Seed, ApiTestWorkspace.FastOptions with { MaxRequestsPerSecond = 5 });
        var watch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 15), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
        {
            using var page = await workspace.Session.Api().GetAsync(SpacesPath, ct);
        });

        // A burst of 5, then one every 200 ms: 15 requests cannot finish in under 2 s.
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(1.9), $"15 requests at 5/s took only {watch.Elapsed}");
        Assert.Equal(15, await workspace.CountRequestsSettledAsync("GET", SpacesPath, 15));
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_is_honoured()
    {
        using var response = new HttpResponseMessage();
        response.Headers.RetryAfter = new RetryConditionHeaderValue(DateTimeOffset.UtcNow.AddSeconds(30));

        var wait = RetryAfterHeader.Parse(response.Headers);

        Assert.NotNull(wait);
        Assert.InRange(wait!.Value.TotalSeconds, 20, 31);
        await Task.CompletedTask;
    }

    [Fact]
    public void Absolute_URLs_are_refused_so_a_token_never_leaves_its_workspace()
    {
        Assert.Throws<ArgumentException>(() => DatabricksApiClient.ValidatePath("https://evil.example/api/2.0/genie/spaces"));
        Assert.Throws<ArgumentException>(() => DatabricksApiClient.ValidatePath("//evil.example/api"));
        DatabricksApiClient.ValidatePath("/api/2.0/genie/spaces?page_size=1");
    }
}
