using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GenieObservability.Emulator;

namespace GenieObservability.Engine.Tests.Emulator;

public class EmulatorRateLimitTests
{
    private const string Token = "dapi-emulator-rate";
    private const string Spaces = "api/2.0/genie/spaces";

    [Fact]
    public async Task A_token_bucket_admits_its_burst_then_answers_429_with_Retry_After_and_the_Databricks_error_body()
    {
        await using var emulator = await StartAsync();
        emulator.State.RateLimits.Add(new RateLimitRule { Method = "GET", PathPattern = "^/api/2.0/genie/spaces$", RequestsPerSecond = 0.5, Burst = 3 });
        using var http = Client(emulator);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await http.GetAsync(Spaces);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // One token every 2 s: the next is at most 2 s away, and Retry-After says so in whole seconds.
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                Assert.Equal("REQUEST_LIMIT_EXCEEDED", body.RootElement.GetProperty("error_code").GetString());
                Assert.Equal("type.googleapis.com/google.rpc.RequestInfo", body.RootElement.GetProperty("details")[0].GetProperty("@type").GetString());
            }
        }

        using var unlimited = await http.PostAsync(Spaces, new StringContent("""{ "warehouse_id": "w1", "serialized_space": "{\"version\":2}", "title": "New" }""", Encoding.UTF8, "application/json"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, unlimited.StatusCode); // the rule is for GETs only
        var logged = emulator.State.Requests.Matching("GET", "/" + Spaces)[^1];
        Assert.Equal(429, logged.Status);
        Assert.Equal("2", logged.RetryAfter);
        Assert.True(logged.ReceivedAt <= logged.Time);
        Assert.Equal(3, emulator.State.RateLimits.Rules[0].Admitted);
        Assert.Equal(1, emulator.State.RateLimits.Rules[0].Rejected);
    }

    [Fact]
    public async Task The_control_routes_set_a_limit_and_change_its_rate_mid_run()
    {
        await using var emulator = await StartAsync();
        using var http = Client(emulator);

        using var added = await http.PostAsync("_emulator/rate-limits", new StringContent("""{ "pathPattern": "^/api/2.0/genie/", "requestsPerSecond": 0.01, "burst": 1 }""", Encoding.UTF8, "application/json"));
        var id = JsonDocument.Parse(await added.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt32();
        using var first = await http.GetAsync(Spaces);
        using var refused = await http.GetAsync(Spaces);
        using var changed = await http.PutAsync($"_emulator/rate-limits/{id}", new StringContent("""{ "requestsPerSecond": 1000 }""", Encoding.UTF8, "application/json"));
        await Task.Delay(50);
        using var admittedAgain = await http.GetAsync(Spaces);
        using var listed = JsonDocument.Parse(await http.GetStringAsync("_emulator/rate-limits"));
        using var cleared = await http.DeleteAsync("_emulator/rate-limits");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(99), "at 0.01/s the next token is 100 s away");
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admittedAgain.StatusCode);
        Assert.Equal(1000, listed.RootElement[0].GetProperty("requestsPerSecond").GetDouble());
        Assert.Equal(1, listed.RootElement[0].GetProperty("rejected").GetInt64());
        Assert.Empty(emulator.State.RateLimits.Rules);
    }

    [Fact]
    public void A_limit_on_the_command_line_applies_to_the_api_or_to_the_paths_given()
    {
        var options = EmulatorOptions.FromCommandLine(["--rate-limit", "40", "--rate-limit", "2.5:^/api/2.0/genie/spaces/[^/]+$"]);

        Assert.Equal(40, options.RateLimits[0].RequestsPerSecond);
        Assert.Equal("^/api/", options.RateLimits[0].PathPattern);
        Assert.Equal(2.5, options.RateLimits[1].RequestsPerSecond);
        Assert.Equal("^/api/2.0/genie/spaces/[^/]+$", options.RateLimits[1].PathPattern);
    }

    private static async Task<WorkspaceEmulator> StartAsync()
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Token);
        return emulator;
    }

    private static HttpClient Client(WorkspaceEmulator emulator)
    {
        var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return http;
    }
}
