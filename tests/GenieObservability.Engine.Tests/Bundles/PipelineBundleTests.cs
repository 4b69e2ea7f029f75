using System.Text.Json.Nodes;
using GenieObservability.Engine.Pipeline;

namespace GenieObservability.Engine.Tests.Bundles;

/// <summary>
/// The repository's bundle (databricks.yml + resources/) is valid for the Databricks CLI's published schema and
/// deploys the same pipeline Install-GeniePipeline installs.
/// </summary>
public sealed class PipelineBundleTests
{
    private static readonly string Root = TestPaths.RepositoryRoot;
    private static readonly string RootFile = Path.Combine(Root, "databricks.yml");

    [Fact]
    public void The_bundle_and_every_file_it_includes_match_the_CLI_bundle_schema()
    {
        var root = YamlDocument.Load(RootFile);

        Assert.Contains(Path.Combine(Root, "resources", "genie_observability.pipeline.yml"), BundleSchema.IncludedFiles(RootFile, root));
        Assert.Empty(BundleSchema.ValidateBundle(RootFile));
    }

    [Fact]
    public void The_pipeline_resource_is_the_installed_pipeline()
    {
        var pipeline = Pipeline();

        Assert.Equal("${var.name}", (string?)pipeline["name"]);
        Assert.Equal("${var.catalog}", (string?)pipeline["catalog"]);
        Assert.Equal("${var.schema}", (string?)pipeline["schema"]);
        Assert.True((bool)pipeline["serverless"]!);
        Assert.False((bool)pipeline["continuous"]!);
        Assert.False((bool)pipeline["cascade_on_destroy"]!);
        var library = (string?)Assert.Single(pipeline["libraries"]!.AsArray())!["file"]!["path"];
        Assert.Equal(Path.Combine(Root, "sql", PipelineSource.FileName), Path.GetFullPath(Path.Combine(Root, "resources", library!)));

        var configuration = pipeline["configuration"]!.AsObject();
        Assert.Equal(PipelineSource.ConfigurationKeys.Order(StringComparer.Ordinal), configuration.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("${var.workspace_ids}", (string?)configuration[PipelineConfiguration.WorkspaceIds]);
        foreach (var key in PipelineSource.ConfigurationKeys.Where(k => k != PipelineConfiguration.WorkspaceIds))
        {
            Assert.Equal(PipelineConfiguration.DefaultValue(key), (string?)configuration[key]);
        }
    }

    [Fact]
    public void Its_variables_are_the_install_cmdlet_parameters_with_the_same_defaults()
    {
        var variables = YamlDocument.Load(RootFile)!["variables"]!.AsObject();

        Assert.Equal(["catalog", "name", "schema", "workspace_ids"], variables.Select(v => v.Key).Order(StringComparer.Ordinal));
        Assert.Equal("main", (string?)variables["catalog"]!["default"]);
        Assert.Equal("genie_analytics", (string?)variables["schema"]!["default"]);
        Assert.Equal(string.Empty, (string?)variables["workspace_ids"]!["default"]);
        Assert.Equal(InstalledPipeline.DefaultName("${var.catalog}", "${var.schema}"), (string?)variables["name"]!["default"]);
        Assert.All(variables, v => Assert.False(string.IsNullOrWhiteSpace((string?)v.Value!["description"])));
    }

    [Theory]
    [InlineData("resources:\n  pipelines:\n    p:\n      serverles: true\n", "/resources/pipelines/p/serverles: All values fail against the false schema")]
    [InlineData("resources:\n  pipelines:\n    p:\n      continuous: sometimes\n", "/resources/pipelines/p/continuous: Value is \"string\" but should be \"boolean\"")]
    [InlineData("bundle:\n  name: x\n  engine: helicopter\n", "/bundle/engine: Value should match one of the values specified by the enum")]
    [InlineData("variables:\n  catalog:\n    defualt: main\n", "/variables/catalog/defualt: All values fail against the false schema")]
    public void The_validator_reports_where_a_file_breaks_the_schema(string yaml, string expected)
    {
        var errors = BundleSchema.Validate(YamlDocument.Parse(yaml));

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void Yaml_scalars_are_typed_as_the_CLI_types_them()
    {
        var node = YamlDocument.Parse("a: true\nb: \"true\"\nc: 90\nd: '90'\ne:\nf: 1.5\ng: ${var.x}\n")!;

        Assert.True((bool)node["a"]!);
        Assert.Equal("true", (string?)node["b"]);
        Assert.Equal(90L, (long)node["c"]!);
        Assert.Equal("90", (string?)node["d"]);
        Assert.Null(node["e"]);
        Assert.Equal(1.5, (double)node["f"]!);
        Assert.Equal("${var.x}", (string?)node["g"]);
    }

    private static JsonObject Pipeline()
    {
        var resources = YamlDocument.Load(Path.Combine(Root, "resources", "genie_observability.pipeline.yml"))!;
        return Assert.Single(resources["resources"]!["pipelines"]!.AsObject()).Value!.AsObject();
    }
}
