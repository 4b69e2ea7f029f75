using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GenieObservability.Emulator;

namespace GenieObservability.Engine.Tests.Emulator;

public class EmulatorOidcTests
{
    [Fact]
    public async Task Token_endpoint_issues_tokens_for_known_clients_over_basic_auth_only()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddClient("sp-id", "sp-secret");
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };

        using var good = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" }),
        };
        good.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sp-id:sp-secret")));
        using var response = await http.SendAsync(good);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.RootElement.GetProperty("expires_in").GetInt32());

        using var bad = new HttpRequestMessage(HttpMethod.Post, "oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        bad.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("sp-id:wrong")));
        using var rejected = await http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
    }

    [Fact]
    public async Task Api_routes_reject_missing_and_expired_tokens_with_databricks_error_bodies()
    {
        await using var emulator = await WorkspaceEmulator.StartAsync();
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var response = await http.GetAsync("api/2.0/genie/spaces");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("UNAUTHENTICATED", body.RootElement.GetProperty("error_code").GetString());
        Assert.Single(emulator.State.Requests.Matching("GET", "/api/2.0/genie/spaces"));
    }
}
