using GenieObservability.Emulator;
using GenieObservability.Engine.Deployment;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>A refresh in a new session finds the installed pipeline by its default name, without an id.</summary>
public sealed class PipelineEngineSelectorTests : IAsyncLifetime
{
    private const string Token = "dapi-selector-test";
    private WorkspaceEmulator _emulator = null!;
    private WorkspaceSession _session = null!;
    private StatementApiWarehouse _warehouse = null!;
    private readonly RecordingLog _log = new();

    public async Task InitializeAsync()
    {
        _emulator = await WorkspaceEmulator.StartAsync();
        _emulator.State.Tokens.AddStaticToken(Token);
        _session = new WorkspaceSession(_emulator.BaseAddress, new StaticTokenProvider(Token));
        _warehouse = new StatementApiWarehouse(_session, "wh-1") { PollInterval = TimeSpan.FromMilliseconds(5) };
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        _session.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public async Task A_Databricks_warehouse_refreshes_the_pipeline_installed_for_its_schema_keeping_its_workspace_scope()
    {
        var installed = await new PipelineInstaller(_session.Api(), _warehouse, _log).InstallAsync(new PipelineInstallRequest("main", "genie_analytics", ["777"]), (_, _) => true, CancellationToken.None);

        var engine = await PipelineEngineSelector.SelectAsync(_warehouse, null, _session, TimeSpan.FromMilliseconds(5), _log, CancellationToken.None);
        var outcome = await new PipelineRefresher(new PipelineRunStore(_warehouse), engine).RefreshAsync(new RefreshRequest(GeniePipelineMode.Initial, DaysLookback: 7), _log, CancellationToken.None);

        Assert.Equal(DatabricksPipelineEngine.EngineName, engine.Name);
        Assert.Null(outcome.Failure);
        Assert.Equal(installed.PipelineId, outcome.Run.PipelineId);
        var configuration = _emulator.State.Pipelines.Find(installed.PipelineId!)!.Spec["configuration"]!;
        Assert.Equal("777", (string?)configuration[PipelineConfiguration.WorkspaceIds]);
        Assert.Equal("7", (string?)configuration[PipelineConfiguration.DaysLookback]);
        Assert.Contains(_log.Verbose, v => v.Contains("installed for main.genie_analytics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_installed_pipeline_it_says_to_install_one()
    {
        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => PipelineEngineSelector.SelectAsync(_warehouse, null, _session, TimeSpan.FromSeconds(1), _log, CancellationToken.None));

        Assert.Equal("PipelineNotInstalled", error.ErrorId);
        Assert.Contains("Install-GeniePipeline", error.Message, StringComparison.Ordinal);
        Assert.Contains("Genie Observability (main.genie_analytics)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_warehouse_runs_the_embedded_engine_without_asking_the_workspace()
    {
        await using var bed = await PipelineTestBed.CreateAsync();

        var engine = await PipelineEngineSelector.SelectAsync(bed.Warehouse, null, _session, TimeSpan.FromSeconds(1), _log, CancellationToken.None);

        Assert.Equal(EmbeddedPipelineEngine.EngineName, engine.Name);
        Assert.Empty(_emulator.State.Requests.Entries);
    }

    [Fact]
    public async Task A_pipeline_id_needs_a_workspace()
    {
        await using var bed = await PipelineTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => PipelineEngineSelector.SelectAsync(bed.Warehouse, "pl-1", null, TimeSpan.FromSeconds(1), _log, CancellationToken.None));

        Assert.Equal("NotConnected", error.ErrorId);
    }
}
