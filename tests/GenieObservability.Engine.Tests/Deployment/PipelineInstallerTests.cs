using System.Text;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Deployment;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Tests.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Deployment;

/// <summary>Install and uninstall against the emulator's Workspace, Pipelines, Unity Catalog and SQL statements APIs over real HTTP.</summary>
public sealed class PipelineInstallerTests : IAsyncLifetime
{
    private const string Token = "dapi-install-test";
    private const string Folder = "/Workspace/Users/admin@example.com/GenieObservability";
    private const string FilePath = Folder + "/pipeline.sql";
    private static readonly string DefaultName = InstalledPipeline.DefaultName("main", "genie_analytics");

    private DatabricksTestWorkspace _databricks = null!;

    public async Task InitializeAsync() => _databricks = await DatabricksTestWorkspace.StartAsync(Token);

    public async Task DisposeAsync() => await _databricks.DisposeAsync();

    [Fact]
    public async Task Installs_from_nothing_then_a_second_install_sends_only_GETs()
    {
        var first = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics", ["1234567890"]));

        Assert.True(first.Changed);
        Assert.Equal(FilePath, first.FilePath);
        Assert.All(first.Changes, c => Assert.Equal((GenieDeploymentAction.Create, true), (c.Action, c.Applied)));
        Assert.Equal(["Folder", "File", "Schema", .. ObservabilityTables.All.Select(_ => "Table"), "Pipeline"], first.Changes.Select(c => c.Resource));
        Assert.Equal($"Created: folder, file, schema, {ObservabilityTables.All.Count} tables, pipeline.", first.Summary);

        var file = _databricks.Emulator.State.Workspace.Find(FilePath)!;
        Assert.Equal("FILE", file.ObjectType);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(TestPaths.RepositoryRoot, "sql", "pipeline.sql")), file.Content);

        var pipeline = _databricks.Emulator.State.Pipelines.Find(first.PipelineId!)!;
        var spec = pipeline.Spec;
        Assert.Equal(DefaultName, (string?)spec["name"]);
        Assert.Equal("main", (string?)spec["catalog"]);
        Assert.Equal("genie_analytics", (string?)spec["schema"]);
        Assert.True((bool)spec["serverless"]!);
        Assert.False((bool)spec["continuous"]!);
        Assert.Equal(FilePath, (string?)Assert.Single(spec["libraries"]!.AsArray())!["file"]!["path"]);
        var configuration = spec["configuration"]!.AsObject();
        Assert.Equal(PipelineSource.ConfigurationKeys.Order(StringComparer.Ordinal), configuration.Select(c => c.Key).Order(StringComparer.Ordinal));
        Assert.Equal("1234567890", (string?)configuration["genie.workspace_ids"]);
        Assert.Equal("90", (string?)configuration["genie.days_lookback"]);
        Assert.Equal(new Uri(_databricks.Emulator.BaseAddress, "pipelines/" + first.PipelineId), first.Url);
        var tables = (await UnityCatalogTables.ListAsync(_databricks.Session.Api(), "main", "genie_analytics", CancellationToken.None))!;
        Assert.Equal(ObservabilityTables.All.Select(t => t.Name).Order(StringComparer.Ordinal), tables.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(ObservabilityTables.MessageFetchErrors.ColumnNames.Order(StringComparer.Ordinal), tables["message_fetch_errors"].Order(StringComparer.Ordinal));

        _databricks.Emulator.State.Requests.Clear();
        var second = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics", ["1234567890"]));

        Assert.False(second.Changed);
        Assert.Equal(first.PipelineId, second.PipelineId);
        Assert.All(second.Changes, c => Assert.Equal(GenieDeploymentAction.Unchanged, c.Action));
        Assert.Equal("Nothing to change: the pipeline, its file and the tables are up to date.", second.Summary);
        Assert.All(_databricks.Emulator.State.Requests.Entries, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task A_new_workspace_scope_is_one_edit_that_keeps_everything_else_and_the_refresh_window()
    {
        var installed = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics"));
        var pipeline = _databricks.Emulator.State.Pipelines.Find(installed.PipelineId!)!;
        var edited = (JsonObject)pipeline.Spec.DeepClone();
        edited["notifications"] = new JsonArray(new JsonObject { ["email_recipients"] = new JsonArray("ops@example.com"), ["alerts"] = new JsonArray("on-update-failure") });
        edited["configuration"]!["genie.window_start"] = "2026-11-01 00:00:00";
        edited["configuration"]!["spark.custom"] = "kept";
        Assert.True(_databricks.Emulator.State.Pipelines.Replace(pipeline, edited));
        _databricks.Emulator.State.Requests.Clear();

        var result = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics", ["111", "222"]));

        var writes = _databricks.Emulator.State.Requests.Entries.Where(r => r.Method != "GET").ToList();
        var put = Assert.Single(writes);
        Assert.Equal(("PUT", "/api/2.0/pipelines/" + installed.PipelineId), (put.Method, put.Path));
        var change = Assert.Single(result.Changes, c => c.Action != GenieDeploymentAction.Unchanged);
        Assert.Equal(("Pipeline", "genie.workspace_ids: '' -> '111,222'"), (change.Resource, change.Detail));
        var spec = pipeline.Spec;
        Assert.Equal("111,222", (string?)spec["configuration"]!["genie.workspace_ids"]);
        Assert.Equal("2026-11-01 00:00:00", (string?)spec["configuration"]!["genie.window_start"]);
        Assert.Equal("kept", (string?)spec["configuration"]!["spark.custom"]);
        Assert.Equal("ops@example.com", (string?)spec["notifications"]![0]!["email_recipients"]![0]);
    }

    [Fact]
    public async Task A_file_that_differs_from_the_module_is_overwritten_and_nothing_else_is_written()
    {
        await InstallAsync(new PipelineInstallRequest("main", "genie_analytics"));
        _databricks.Emulator.State.Workspace.Import(FilePath, "RAW", null, Encoding.UTF8.GetBytes("-- edited by hand\n"), overwrite: true);
        _databricks.Emulator.State.Requests.Clear();

        var result = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics"));

        var write = Assert.Single(_databricks.Emulator.State.Requests.Entries, r => r.Method != "GET");
        Assert.Equal("/api/2.0/workspace/import", write.Path);
        Assert.Contains("\"overwrite\":true", write.Body, StringComparison.Ordinal);
        Assert.Contains("\"format\":\"RAW\"", write.Body, StringComparison.Ordinal);
        Assert.Equal((GenieDeploymentAction.Update, true), (result.Changes.Single(c => c.Resource == "File").Action, result.Changes.Single(c => c.Resource == "File").Applied));
        Assert.True(PipelineSource.SameContent(_databricks.Emulator.State.Workspace.Find(FilePath)!.Content));
    }

    [Fact]
    public async Task Declining_every_change_sends_only_GETs_and_reports_the_plan()
    {
        var asked = new List<string>();

        var plan = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics"), (target, action) =>
        {
            asked.Add($"{action} | {target}");
            return false;
        });

        Assert.All(_databricks.Emulator.State.Requests.Entries, r => Assert.Equal("GET", r.Method));
        Assert.Null(plan.PipelineId);
        Assert.False(plan.Changed);
        Assert.All(plan.Changes, c => Assert.Equal((GenieDeploymentAction.Create, false), (c.Action, c.Applied)));
        // The folder, the file, the schema, every table and the pipeline.
        Assert.Equal(4 + ObservabilityTables.All.Count, asked.Count);
        Assert.Contains($"Upload the module's sql/pipeline.sql | {FilePath}", asked);
        Assert.Contains($"Create a serverless pipeline writing main.genie_analytics | {DefaultName}", asked);
        Assert.Null(_databricks.Emulator.State.Workspace.Find(Folder));
        Assert.Empty(_databricks.Emulator.State.Pipelines.List(_ => true, false, false));
    }

    [Fact]
    public async Task Without_a_Databricks_warehouse_missing_tables_are_skipped_with_one_warning()
    {
        var result = await new PipelineInstaller(_databricks.Session.Api(), null, _databricks.Log).InstallAsync(new PipelineInstallRequest("main", "genie_analytics"), (_, _) => true, CancellationToken.None);

        // The schema and every persisted table.
        var missing = ObservabilityTables.All.Count + 1;
        Assert.Equal(missing, result.Changes.Count(c => c.Action == GenieDeploymentAction.Skip && !c.Applied));
        Assert.Equal($"Skip {missing}", result.Tables);
        Assert.Equal("Create", result.Pipeline);
        var warning = Assert.Single(_databricks.Log.Warnings);
        Assert.Contains("no Databricks SQL warehouse is connected", warning, StringComparison.Ordinal);
        Assert.DoesNotContain(_databricks.Emulator.State.Requests.Entries, r => r.Path.StartsWith("/api/2.0/sql/statements", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_warehouse_for_another_schema_than_the_request_is_refused_before_any_request()
    {
        var installer = new PipelineInstaller(_databricks.Session.Api(), _databricks.Warehouse, _databricks.Log);

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => installer.InstallAsync(new PipelineInstallRequest("main", "other_schema"), (_, _) => true, CancellationToken.None));

        Assert.Equal("PipelineSchemaMismatch", error.ErrorId);
        Assert.Empty(_databricks.Emulator.State.Requests.Entries);
    }

    [Fact]
    public async Task A_hand_made_pipeline_with_target_and_clusters_becomes_serverless_with_schema()
    {
        _databricks.Emulator.State.Pipelines.Add("pl-hand", (JsonObject)JsonNode.Parse($$"""
            { "name": "{{DefaultName}}", "catalog": "main", "target": "genie_analytics", "continuous": true,
              "clusters": [ { "label": "default", "num_workers": 2 } ],
              "libraries": [ { "notebook": { "path": "/Users/someone/old pipeline" } } ] }
            """)!);

        var result = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics"));

        Assert.Equal("pl-hand", result.PipelineId);
        var change = result.Changes.Single(c => c.Resource == "Pipeline");
        Assert.Equal((GenieDeploymentAction.Update, true), (change.Action, change.Applied));
        var spec = _databricks.Emulator.State.Pipelines.Find("pl-hand")!.Spec;
        Assert.Equal("genie_analytics", (string?)spec["schema"]);
        Assert.False(spec.ContainsKey("target"));
        Assert.False(spec.ContainsKey("clusters"));
        Assert.True((bool)spec["serverless"]!);
        Assert.False((bool)spec["continuous"]!);
        Assert.Equal(FilePath, (string?)Assert.Single(spec["libraries"]!.AsArray())!["file"]!["path"]);
    }

    [Fact]
    public async Task Two_pipelines_with_the_name_are_an_error_that_names_them()
    {
        _databricks.Emulator.State.Pipelines.Add("pl-a", new JsonObject { ["name"] = DefaultName });
        _databricks.Emulator.State.Pipelines.Add("pl-b", new JsonObject { ["name"] = DefaultName });
        _databricks.Emulator.State.Pipelines.Add("pl-c", new JsonObject { ["name"] = "Genie Observability (main-genie_analytics)" });

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => InstallAsync(new PipelineInstallRequest("main", "genie_analytics")));

        Assert.Equal("PipelineNameAmbiguous", error.ErrorId);
        Assert.Contains("pl-a", error.Message, StringComparison.Ordinal);
        Assert.Contains("pl-b", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pl-c", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_notebook_where_the_file_goes_is_an_error_and_is_left_alone()
    {
        _databricks.Emulator.State.Workspace.Mkdirs("/Shared/genie");
        _databricks.Emulator.State.Workspace.Import("/Shared/genie/pipeline.sql", "SOURCE", "SQL", "SELECT 1"u8.ToArray(), overwrite: false);

        var error = await Assert.ThrowsAsync<GenieObservabilityException>(() => InstallAsync(new PipelineInstallRequest("main", "genie_analytics", folder: "/Shared/genie")));

        Assert.Equal("WorkspacePathTaken", error.ErrorId);
        Assert.Equal("NOTEBOOK", _databricks.Emulator.State.Workspace.Find("/Shared/genie/pipeline.sql")!.ObjectType);
    }

    [Fact]
    public async Task Uninstall_deletes_the_pipeline_without_cascade_and_its_file_and_keeps_folder_and_tables()
    {
        var installed = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics", folder: "/Shared/genie"));
        var uninstaller = new PipelineUninstaller(_databricks.Session.Api(), _databricks.Log);

        var removed = await uninstaller.UninstallAsync(new PipelineInstallRequest("main", "genie_analytics"), null, (_, _) => true, CancellationToken.None);

        Assert.Equal(installed.PipelineId, removed.PipelineId);
        Assert.Equal((installed.PipelineId!, false), Assert.Single(_databricks.Emulator.State.Pipelines.Deleted));
        Assert.Equal("/Workspace/Shared/genie/pipeline.sql", removed.FilePath);
        Assert.Null(_databricks.Emulator.State.Workspace.Find("/Shared/genie/pipeline.sql"));
        Assert.True(_databricks.Emulator.State.Workspace.Find("/Shared/genie")!.IsDirectory);
        Assert.Equal(ObservabilityTables.All.Count, (await UnityCatalogTables.ListAsync(_databricks.Session.Api(), "main", "genie_analytics", CancellationToken.None))!.Count);
        Assert.Equal("Deleted: pipeline, file. The schema and every table are kept.", removed.Summary);
        Assert.DoesNotContain(_databricks.Emulator.State.Requests.Entries, r => r.Path.StartsWith("/api/2.0/sql/statements", StringComparison.Ordinal) && r.Body?.Contains("DROP", StringComparison.OrdinalIgnoreCase) == true);

        _databricks.Emulator.State.Requests.Clear();
        var again = await uninstaller.UninstallAsync(new PipelineInstallRequest("main", "genie_analytics", folder: "/Shared/genie"), null, (_, _) => true, CancellationToken.None);

        Assert.False(again.Changed);
        Assert.Equal("Nothing to remove: the pipeline is not installed. The schema and every table are kept.", again.Summary);
        Assert.All(_databricks.Emulator.State.Requests.Entries, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Uninstall_under_WhatIf_deletes_nothing()
    {
        var installed = await InstallAsync(new PipelineInstallRequest("main", "genie_analytics"));
        _databricks.Emulator.State.Requests.Clear();

        var plan = await new PipelineUninstaller(_databricks.Session.Api(), _databricks.Log).UninstallAsync(new PipelineInstallRequest("main", "genie_analytics"), null, (_, _) => false, CancellationToken.None);

        Assert.All(_databricks.Emulator.State.Requests.Entries, r => Assert.Equal("GET", r.Method));
        Assert.Equal(["Delete", "Delete", "Unchanged"], plan.Changes.Select(c => c.Action.ToString()));
        Assert.NotNull(_databricks.Emulator.State.Pipelines.Find(installed.PipelineId!));
        Assert.NotNull(_databricks.Emulator.State.Workspace.Find(FilePath));
    }

    private Task<GeniePipelineInstallation> InstallAsync(PipelineInstallRequest request, Func<string, string, bool>? shouldProcess = null) =>
        new PipelineInstaller(_databricks.Session.Api(), _databricks.Warehouse, _databricks.Log).InstallAsync(request, shouldProcess ?? ((_, _) => true), CancellationToken.None);
}
