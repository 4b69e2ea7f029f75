using GenieObservability.Emulator;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Deployment;

/// <summary>An emulated workspace, a session on it and a SQL warehouse over its Statement Execution API: Databricks, locally.</summary>
internal sealed class DatabricksTestWorkspace : IAsyncDisposable
{
    private DatabricksTestWorkspace(WorkspaceEmulator emulator, WorkspaceSession session)
    {
        Emulator = emulator;
        Session = session;
        Warehouse = new StatementApiWarehouse(session, "wh-1") { PollInterval = TimeSpan.FromMilliseconds(5) };
    }

    public WorkspaceEmulator Emulator { get; }

    public WorkspaceSession Session { get; }

    public StatementApiWarehouse Warehouse { get; }

    public RecordingLog Log { get; } = new();

    public static async Task<DatabricksTestWorkspace> StartAsync(string token)
    {
        var emulator = await WorkspaceEmulator.StartAsync();
        emulator.State.Tokens.AddStaticToken(token);
        return new DatabricksTestWorkspace(emulator, new WorkspaceSession(emulator.BaseAddress, TestTokens.Pat(token)));
    }

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        Session.Dispose();
        await Emulator.DisposeAsync();
    }
}
