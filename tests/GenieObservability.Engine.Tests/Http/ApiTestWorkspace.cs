using System.Text.Json;
using GenieObservability.Emulator;
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

    public static async Task<ApiTestWorkspace> StartAsync(string? seedJson = null, ApiClientOptions? options = null, GenieObservability.Engine.Auth.ITokenProvider? tokens = null)
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(Token);
        if (seedJson is not null)
        {
            using var seed = JsonDocument.Parse(seedJson);
            emulator.State.LoadSeed(seed.RootElement);
        }

        var session = new WorkspaceSession(emulator.BaseAddress, tokens ?? new StaticTokenProvider(Token)) { ApiOptions = options ?? FastOptions };
        return new ApiTestWorkspace(emulator, session);
    }

    public int CountRequests(string method, string path) => Emulator.State.Requests.Entries.Count(e => e.Method == method && e.Path == path);

    public async ValueTask DisposeAsync()
    {
        Session.Dispose();
        await Emulator.DisposeAsync();
    }
}
