using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Tests.Bundles;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>
/// The space bundle Export-GenieSpaceBackup -Format Bundle writes validates against the Databricks CLI's published
/// bundle schema (tests/data/bundle/jsonschema.json, CLI commit 7bbe2852). GENIE_BUNDLE_TO_VALIDATE names a bundle root
/// to validate instead of one written here: the Pester suite points it at the bundle the cmdlet exported.
/// </summary>
public sealed class SpaceBundleSchemaTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "genie-bundle-schema-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void An_exported_space_bundle_matches_the_CLI_bundle_schema()
    {
        var root = Environment.GetEnvironmentVariable("GENIE_BUNDLE_TO_VALIDATE") is { Length: > 0 } given ? given : WriteSample();
        var config = Path.Combine(root, "databricks.yml");

        var resources = BundleSchema.IncludedFiles(config, YamlDocument.Load(config));

        Assert.NotEmpty(resources);
        Assert.Empty(BundleSchema.ValidateBundle(config));
        foreach (var file in resources)
        {
            foreach (var (key, space) in YamlDocument.Load(file)!["resources"]!["genie_spaces"]!.AsObject())
            {
                // What the CLI needs beyond the schema (bundle/config/resources/genie_space.go): a file_path that exists
                // next to the YAML file and holds a JSON object, and no etag.
                Assert.Equal("${var.warehouse_id}", (string?)space!["warehouse_id"]);
                Assert.Null(space["etag"]);
                Assert.Null(space["serialized_space"]);
                var json = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, (string)space["file_path"]!));
                Assert.Equal(key + BundleRoot.JsonSuffix, Path.GetFileName(json));
                Assert.IsType<System.Text.Json.Nodes.JsonObject>(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json)));
            }
        }
    }

    [Fact]
    public void The_schema_check_refuses_what_the_CLI_refuses()
    {
        WriteSample();
        File.AppendAllText(Path.Combine(_root, "resources", "sales.genie_space.yml"), "      space_id: 01f0aaaabbbbccccddddeeeeffff0000\n      lifecycle: {prevent_destroy: yes please}\n");

        var errors = BundleSchema.ValidateBundle(Path.Combine(_root, "databricks.yml"));

        Assert.Contains(errors, e => e.Contains("/resources/genie_spaces/sales/space_id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("/resources/genie_spaces/sales/lifecycle/prevent_destroy", StringComparison.Ordinal));
    }

    private string WriteSample()
    {
        var writer = new SpaceBackupWriter(_root, GenieSpaceBackupFormat.Bundle);
        var sales = SpaceSamples.Detail();
        sales.ParentPath = "/Users/ana@example.com/genie";
        writer.Write(sales);
        writer.Write(SpaceSamples.Detail(spaceId: "01f0bbbb000000000000000000000002", title: "Finance: Q&A \"EMEA\" # 2"));
        File.AppendAllText(Path.Combine(_root, "resources", "sales.genie_space.yml"), "      permissions:\n        - level: CAN_READ\n          group_name: users\n");
        return _root;
    }
}
