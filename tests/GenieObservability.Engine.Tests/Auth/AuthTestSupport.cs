using System.Net;
using System.Net.Http.Headers;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Auth;

internal static class AuthTestSupport
{
    /// <summary>Retries fast so failure tests do not wait seconds.</summary>
    public static readonly TokenRetryPolicy FastRetry = new() { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(200) };

    public static Func<string, string?> Environment(params (string Name, string? Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return name => map.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>True when the emulator's /api accepts the token (anything but 401 means authentication passed).</summary>
    public static async Task<bool> ApiAccepts(WorkspaceEmulator emulator, string token)
    {
        using var http = new HttpClient { BaseAddress = emulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/2.0/genie/spaces");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        return response.StatusCode != HttpStatusCode.Unauthorized;
    }

    /// <summary>
    /// The number of logged requests to <paramref name="path"/>, once it reaches <paramref name="expected"/> or 5 s
    /// pass: the emulator may log a request just after the client has read its response.
    /// </summary>
    public static async Task<int> TokenRequests(WorkspaceEmulator emulator, string path, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        int count;
        while ((count = emulator.State.Requests.Entries.Count(e => e.Path == path)) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return count;
    }
}
