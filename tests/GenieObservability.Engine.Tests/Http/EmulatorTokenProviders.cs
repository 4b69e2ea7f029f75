using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Http;

/// <summary>A personal access token the emulator was seeded with.</summary>
internal sealed class StaticTokenProvider(string token) : ITokenProvider
{
    public string AuthType => "Pat";

    public ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
}

/// <summary>
/// OAuth client credentials against the emulator's real /oidc/v1/token endpoint: caches the token and fetches a new one
/// only when asked to refresh, so a test can count how many tokens a run needed.
/// </summary>
internal sealed class ClientCredentialsTokenProvider(HttpClient http, string clientId, string clientSecret) : ITokenProvider
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;

    public string AuthType => "OAuthM2M";

    public int Fetched { get; private set; }

    public async ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is null || forceRefresh)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(workspaceHost, "/oidc/v1/token"))
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
                using var response = await http.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                _token = body.RootElement.GetProperty("access_token").GetString();
                Fetched++;
            }

            return _token!;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>Collects what the client logs, to check retries are reported and no secret is.</summary>
internal sealed class RecordingLog : IOperationLog
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return _lines.ToArray();
            }
        }
    }

    public void Verbose(string message) => Add("VERBOSE: " + message);

    public void Debug(string message) => Add("DEBUG: " + message);

    public void Warning(string message) => Add("WARNING: " + message);

    public void Progress(OperationProgress progress)
    {
    }

    private void Add(string line)
    {
        lock (_lines)
        {
            _lines.Add(line);
        }
    }
}
