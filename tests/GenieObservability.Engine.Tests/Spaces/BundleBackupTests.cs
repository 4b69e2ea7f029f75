using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>Export-GenieSpaceBackup -Format Bundle: the layout the CLI's bundle generate writes, and reading it back.</summary>
public sealed class BundleBackupTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "genie-bundle-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private SpaceBackupWriter Writer() => new(_root, GenieSpaceBackupFormat.Bundle);

    [Fact]
    public void Writes_the_geniespace_json_the_resource_and_a_databricks_yml()
    {
        var detail = SpaceSamples.Detail();
        detail.ParentPath = "/Users/ana@example.com/genie";

        var result = Writer().Write(detail);

        Assert.True(result.Changed);
        Assert.Equal(GenieSpaceBackupFormat.Bundle, result.Format);
        Assert.Equal(Path.Combine(_root, "src", "sales.geniespace.json"), result.File!.FullName);
        Assert.Equal(Path.Combine(_root, "resources", "sales.genie_space.yml"), result.ResourceFile!.FullName);
        Assert.Equal(CliJson.Format(JsonNode.Parse(SpaceSamples.SerializedSpace())), File.ReadAllText(result.File.FullName));
        Assert.Equal(
            """
            resources:
              genie_spaces:
                sales:
                  title: "Sales"
                  warehouse_id: ${var.warehouse_id}
                  file_path: ../src/sales.geniespace.json
                  description: Sales questions over dev.sales
                  parent_path: /Workspace/Users/ana@example.com/genie

            """.ReplaceLineEndings("\n"),
            File.ReadAllText(result.ResourceFile.FullName));
        var config = File.ReadAllText(Path.Combine(_root, "databricks.yml"));
        Assert.Contains("engine: direct", config, StringComparison.Ordinal);
        Assert.Contains("  - resources/*.yml\n", config, StringComparison.Ordinal);
        var entry = BackupIndex.Load(_root).Get("1234567890", detail.SpaceId)!;
        Assert.Equal(("src/sales.geniespace.json", "wh-dev", "https://adb-1234567890.1.azuredatabricks.net"), (entry.File, entry.WarehouseId, entry.WorkspaceUrl));
    }

    [Fact]
    public void Re_exporting_an_unchanged_space_rewrites_nothing_and_one_changed_instruction_is_one_line()
    {
        var writer = Writer();
        var first = writer.Write(SpaceSamples.Detail());
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (var file in Directory.GetFiles(_root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, written);
        }

        var again = Writer().Write(SpaceSamples.Detail());
        Assert.False(again.Changed);
        Assert.All(Directory.GetFiles(_root, "*", SearchOption.AllDirectories), f => Assert.Equal(written, File.GetLastWriteTimeUtc(f)));

        var before = File.ReadAllLines(first.File!.FullName);
        var changed = Writer().Write(SpaceSamples.Detail(serialized: SpaceSamples.SerializedSpace("Revenue includes refunds.")));
        var after = File.ReadAllLines(first.File.FullName);

        Assert.True(changed.Changed);
        Assert.Equal(before.Length, after.Length);
        var line = Assert.Single(Enumerable.Range(0, before.Length), i => before[i] != after[i]);
        Assert.Contains("Revenue includes refunds.", after[line], StringComparison.Ordinal);
        Assert.Equal(written, File.GetLastWriteTimeUtc(first.ResourceFile!.FullName));
    }

    [Fact]
    public void A_renamed_space_keeps_its_key_and_hand_added_permissions_and_lifecycle_survive()
    {
        var first = Writer().Write(SpaceSamples.Detail());
        var resource = first.ResourceFile!.FullName;
        File.AppendAllText(resource, "      permissions:\n        - level: CAN_READ\n          group_name: analysts\n      lifecycle: {prevent_destroy: true}\n");

        var renamed = Writer().Write(SpaceSamples.Detail(title: "Sales & Finance"));

        Assert.Equal(resource, renamed.ResourceFile!.FullName);
        Assert.Equal(first.File!.FullName, renamed.File!.FullName);
        var text = File.ReadAllText(resource);
        Assert.Contains("title: \"Sales & Finance\"\n", text, StringComparison.Ordinal);
        Assert.EndsWith("      permissions:\n        - level: CAN_READ\n          group_name: analysts\n      lifecycle:\n        prevent_destroy: true\n", text, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_root, "resources")));
    }

    [Fact]
    public void Keys_follow_the_CLI_normalisation_and_never_collide()
    {
        var writer = Writer();

        var sales = writer.Write(SpaceSamples.Detail(spaceId: "01f0aaaa000000000000000000000001", title: "Sales Q&A (EMEA)"));
        var twin = writer.Write(SpaceSamples.Detail(spaceId: "01f0bbbb000000000000000000000002", title: "Sales q&a EMEA"));
        var device = writer.Write(SpaceSamples.Detail(spaceId: "s3", title: "CON"));
        var nothing = writer.Write(SpaceSamples.Detail(spaceId: "s4", title: "../.."));

        Assert.Equal("sales_q_a_emea.genie_space.yml", sales.ResourceFile!.Name);
        Assert.Equal("sales_q_a_emea_01f0bbbb.genie_space.yml", twin.ResourceFile!.Name);
        Assert.Equal("space_con.genie_space.yml", device.ResourceFile!.Name);
        Assert.Equal("space.genie_space.yml", nothing.ResourceFile!.Name);
        Assert.All(new[] { sales, twin, device, nothing }, r => Assert.Equal(Path.Combine(_root, "src"), r.File!.DirectoryName));
    }

    [Fact]
    public void An_existing_databricks_yml_is_never_rewritten()
    {
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "databricks.yml"), "bundle:\n  name: mine\ninclude:\n  - resources/*.yml\n");

        Writer().Write(SpaceSamples.Detail());

        Assert.Equal("bundle:\n  name: mine\ninclude:\n  - resources/*.yml\n", File.ReadAllText(Path.Combine(_root, "databricks.yml")));
    }

    [Fact]
    public void The_bundle_reads_back_as_the_space_it_was_written_from()
    {
        var detail = SpaceSamples.Detail();
        Writer().Write(detail);

        var read = Assert.Single(BackupReader.Sources(_root).SelectMany(new BackupReader().ReadSource));

        Assert.Equal((detail.SpaceId, detail.WorkspaceId, "sales", false), (read.SpaceId, read.WorkspaceId, read.BundleKey, read.IdentifiedByKey));
        Assert.Equal(SpaceContent.From(detail).Hash, read.Content.Hash);
        Assert.Equal(_root, read.Folder);

        File.AppendAllText(Path.Combine(_root, "databricks.yml"), "    default: wh-prod\n");
        Assert.Equal("wh-prod", Assert.Single(new BackupReader().ReadSource(Path.Combine(_root, "resources", "sales.genie_space.yml"))).Content.WarehouseId);
    }

    [Fact]
    public void A_bundle_the_CLI_generated_is_read_by_its_key_with_inline_and_file_configurations()
    {
        // The shapes of the CLI's acceptance tests: generate's output layout, and resources/genie_spaces/serialized_space.
        Directory.CreateDirectory(Path.Combine(_root, "out", "genie_space"));
        Directory.CreateDirectory(Path.Combine(_root, "out", "resource"));
        File.WriteAllText(Path.Combine(_root, "databricks.yml"), "bundle:\n  name: genie-space-generate\ninclude:\n  - out/resource/*.yml\nresources:\n  genie_spaces:\n    from_inline:\n      title: \"From Inline\"\n      warehouse_id: \"test-warehouse-id\"\n      serialized_space:\n        version: 1\n        data_sources:\n          tables:\n            - identifier: \"main.sales.orders\"\n");
        File.WriteAllText(Path.Combine(_root, "out", "genie_space", "test_genie_space.geniespace.json"), "{\n  \"questions\": [],\n  \"tables\": []\n}\n");
        File.WriteAllText(Path.Combine(_root, "out", "resource", "test_genie_space.genie_space.yml"), "resources:\n  genie_spaces:\n    test_genie_space:\n      title: \"test genie space\"\n      warehouse_id: test-warehouse-id\n      file_path: ../genie_space/test_genie_space.geniespace.json\n      description: test description\n      parent_path: /Workspace/Users/someone@example.com/test\n");

        var read = BackupReader.Sources(_root).SelectMany(new BackupReader().ReadSource).ToList();

        Assert.Equal(["bundle:from_inline", "bundle:test_genie_space"], read.Select(d => d.SpaceId));
        Assert.All(read, d => Assert.True(d.IdentifiedByKey));
        Assert.Equal("""{"data_sources":{"tables":[{"identifier":"main.sales.orders"}]},"version":1}""", CanonicalJson.Compact(read[0].Content.SerializedSpace));
        Assert.Equal(("test genie space", "test-warehouse-id", "/Users/someone@example.com/test"), (read[1].Content.Title, read[1].Content.WarehouseId, read[1].ParentPath));
        Assert.Equal("""{"questions":[],"tables":[]}""", CanonicalJson.Compact(read[1].Content.SerializedSpace));
    }
}
