using System.Text.Json;
using GenieObservability.Emulator;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Tests.Http;

/// <summary>An in-process emulator on loopback plus a real session against it, with short retry delays for tests.</summary>
internal sealed class ApiTestWorkspace : IAsyncDisposable
{
    public const string Token = "dapi-test-secret-0123456789";

    private ApiTestWorkspace(WorkspaceEmulator emulator, WorkspaceSession session)
    {
        Emulator = emulator;
        Session = session;
    }

    public WorkspaceEmulator Emulator { get; }

    public WorkspaceSession Session { get; }

    public RecordingLog Log { get; } = new();

    public static ApiClientOptions FastOptions { get; } = new()
    {
        AttemptTimeout = TimeSpan.FromSeconds(10),
        TotalTimeout = TimeSpan.FromSeconds(60),
        MaxAttempts = 6,
        BaseDelay = TimeSpan.FromMilliseconds(20),
        MaxDelay = TimeSpan.FromMilliseconds(200),
    };

    public DatabricksApiClient Api => Session.Api(log: Log);

    public static async Task<ApiTestWorkspace> StartAsync(string? seedJson = null, ApiClientOptions? options = null, ITokenProvider? tokens = null)
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Token);
        if (seedJson is not null)
        {
            using var seed = JsonDocument.Parse(seedJson);
            emulator.State.LoadSeed(seed.RootElement);
        }

        var session = new WorkspaceSession(emulator.BaseAddress, tokens ?? TestTokens.Pat(Token)) { ApiOptions = options ?? FastOptions };
        return new ApiTestWorkspace(emulator, session);
    }


    public int CountRequests(string method, string path) => Emulator.State.Requests.Entries.Count(e => e.Method == method && e.Path == path);

    /// <summary>
    /// The count once the emulator has logged at least <paramref name="expected"/> requests: it logs after the response
    /// is sent, so the client can be ahead of the log by a moment.
    /// </summary>
    public Task<int> CountRequestsSettledAsync(string method, string path, int expected) => SettledCountAsync(Emulator, () => CountRequests(method, path), expected);

    public static async Task<int> SettledCountAsync(WorkspaceEmulator emulator, Func<int> count, int expected)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        for (var i = 0; i < 50 && count() < expected; i++)
        {
            await Task.Delay(100);
        }

        return count();
    }

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Emulator.DisposeAsync();
    }
}
