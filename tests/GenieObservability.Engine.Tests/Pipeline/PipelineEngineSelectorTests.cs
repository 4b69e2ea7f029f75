using GenieObservability.Emulator;
using GenieObservability.Engine.Deployment;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Tests.Deployment;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>A refresh in a new session finds the installed pipeline by its default name, without an id.</summary>
public sealed class PipelineEngineSelectorTests : IAsyncLifetime
{
    private const string Token = "dapi-selector-test";
    private DatabricksTestWorkspace _databricks = null!;

    public async Task InitializeAsync() => _databricks = await DatabricksTestWorkspace.StartAsync(Token);

    public async Task DisposeAsync() => await _databricks.DisposeAsync();

    [Fact]
    public async Task A_Databricks_warehouse_refreshes_the_pipeline_installed_for_its_schema_keeping_its_workspace_scope()
    {
        var installed = await new PipelineInstaller(_databricks.Session.Api(), _databricks.Warehouse, _databricks.Log).InstallAsync(new PipelineInstallRequest("main", "genie_analytics", ["777"]), (_, _) => true, CancellationToken.None);

        var engine = await PipelineEngineSelector.SelectAsync(_databricks.Warehouse, null, _databricks.Session, TimeSpan.FromMilliseconds(5), _databricks.Log, CancellationToken.None);
        var outcome = await new PipelineRefresher(new PipelineRunStore(_databricks.Warehouse), engine).RefreshAsync(new RefreshRequest(GeniePipelineMode.Initial, DaysLookback: 7), _databricks.Log, CancellationToken.None);

        Assert.Equal(DatabricksPipelineEngine.EngineName, engine.Name);
        Assert.Null(outcome.Failure);
        Assert.Equal(installed.PipelineId, outcome.Run.PipelineId);
        var configuration = _databricks.Emulator.State.Pipelines.Find(installed.PipelineId!)!.Spec["configuration"]!;
        Assert.Equal("777", (string?)configuration[PipelineConfiguration.WorkspaceIds]);
        Assert.Equal("7", (string?)configuration[PipelineConfiguration.DaysLookback]);
        Assert.Contains(_databricks.Log.Verbose, v => v.Contains("installed for main.genie_analytics", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_installed_pipeline_it_says_to_install_one()
    {
        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => PipelineEngineSelector.SelectAsync(_databricks.Warehouse, null, _databricks.Session, TimeSpan.FromSeconds(1), _databricks.Log, CancellationToken.None));

        Assert.Equal("PipelineNotInstalled", error.ErrorId);
        Assert.Contains("Install-GeniePipeline", error.Message, StringComparison.Ordinal);
        Assert.Contains("Genie Observability (main.genie_analytics)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_warehouse_runs_the_embedded_engine_without_asking_the_workspace()
    {
        await using var bed = await PipelineTestBed.CreateAsync();

        var engine = await PipelineEngineSelector.SelectAsync(bed.Warehouse, null, _databricks.Session, TimeSpan.FromSeconds(1), _databricks.Log, CancellationToken.None);

        Assert.Equal(EmbeddedPipelineEngine.EngineName, engine.Name);
        Assert.Empty(_databricks.Emulator.State.Requests.Entries);
    }

    [Fact]
    public async Task A_pipeline_id_needs_a_workspace()
    {
        await using var bed = await PipelineTestBed.CreateAsync();

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => PipelineEngineSelector.SelectAsync(bed.Warehouse, "pl-1", null, TimeSpan.FromSeconds(1), _databricks.Log, CancellationToken.None));

        Assert.Equal("NotConnected", error.ErrorId);
    }
}
