using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class SpaceBackupWriterTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "genie-backup-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_a_canonical_file_with_metadata_and_the_parsed_space()
    {
        var result = new SpaceBackupWriter(_folder).Write(SpaceSamples.Detail());

        Assert.True(result.Changed);
        Assert.Equal("Sales__01f0aaaabbbbccccddddeeeeffff0000.json", result.File!.Name);
        var text = File.ReadAllText(result.File.FullName);
        Assert.StartsWith("{\n  \"metadata\": {\n    \"description\": \"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("etag", text, StringComparison.Ordinal);
        Assert.DoesNotContain("content_hash", text, StringComparison.Ordinal);
        var index = BackupIndex.Load(_folder).Get("1234567890", "01f0aaaabbbbccccddddeeeeffff0000");
        Assert.Equal(new BackupIndexEntry("1234567890", "01f0aaaabbbbccccddddeeeeffff0000", result.File.Name, "etag-1", result.ContentHash), index);
        Assert.Contains("\n  \"serialized_space\": {\n", text, StringComparison.Ordinal);
        Assert.Contains("      \"Use fiscal quarters.\",\n", text, StringComparison.Ordinal);
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        var roundTrip = SpaceBackupDocument.Parse(text);
        Assert.Equal(result.ContentHash, roundTrip.Content.Hash);
    }

    [Fact]
    public void An_unchanged_space_is_not_rewritten()
    {
        var writer = new SpaceBackupWriter(_folder);
        var first = writer.Write(SpaceSamples.Detail());
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first.File!.FullName, written);
        var before = File.ReadAllBytes(first.File.FullName);

        var reordered = SpaceSamples.Detail(serialized: System.Text.Json.Nodes.JsonNode.Parse(SpaceSamples.SerializedSpace())!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        var second = writer.Write(reordered);

        Assert.False(second.Changed);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.File!.FullName));
        Assert.Equal(before, File.ReadAllBytes(second.File.FullName));
    }

    [Fact]
    public void One_changed_instruction_changes_one_line()
    {
        var writer = new SpaceBackupWriter(_folder);
        var path = writer.Write(SpaceSamples.Detail()).File!.FullName;
        var before = File.ReadAllText(path);

        var result = writer.Write(SpaceSamples.Detail(serialized: SpaceSamples.SerializedSpace(instruction: "Revenue includes refunds.")));
        var diff = LineDiff.Compute(before, File.ReadAllText(path));

        Assert.True(result.Changed);
        // Only the changed instruction line: the etag and content hash live in the index, not in the file.
        Assert.Equal(1, diff.Added);
        Assert.Equal(1, diff.Removed);
        Assert.Contains(diff.Lines, l => l.Contains("Revenue includes refunds.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(GenieSpaceFetchStatus.Failed)]
    [InlineData(GenieSpaceFetchStatus.Forbidden)]
    [InlineData(GenieSpaceFetchStatus.NotFound)]
    public void A_failed_fetch_never_overwrites_a_good_file(string status)
    {
        var writer = new SpaceBackupWriter(_folder);
        var path = writer.Write(SpaceSamples.Detail()).File!.FullName;
        var before = File.ReadAllBytes(path);

        var failed = SpaceSamples.Detail(serialized: SpaceSamples.SerializedSpace(instruction: "stale?"), status: status);
        var result = writer.Write(failed);

        Assert.False(result.Changed);
        Assert.NotNull(result.SkippedReason);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void An_empty_serialized_space_is_never_written()
    {
        var writer = new SpaceBackupWriter(_folder);
        var path = writer.Write(SpaceSamples.Detail()).File!.FullName;
        var before = File.ReadAllBytes(path);

        var empty = writer.Write(SpaceSamples.Detail(serialized: "{}"));
        var blank = new SpaceBackupWriter(Path.Combine(_folder, "other")).Write(SpaceSamples.Detail(serialized: " ", status: GenieSpaceFetchStatus.Empty));

        Assert.False(empty.Changed);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Null(blank.File);
        Assert.False(Directory.Exists(Path.Combine(_folder, "other")));
    }

    [Fact]
    public void A_renamed_space_replaces_its_old_file()
    {
        var writer = new SpaceBackupWriter(_folder);
        var old = writer.Write(SpaceSamples.Detail(title: "Old name")).File!.FullName;

        var result = writer.Write(SpaceSamples.Detail(title: "New name"));

        Assert.False(File.Exists(old));
        Assert.Equal(old, result.ReplacedFile);
        Assert.Single(Directory.GetFiles(_folder, "*.json"), f => !Path.GetFileName(f).StartsWith('.'));
    }

    [Fact]
    public void Hostile_titles_stay_inside_the_folder()
    {
        var writer = new SpaceBackupWriter(_folder);

        var traversal = writer.Write(SpaceSamples.Detail(spaceId: "s1", title: "../../etc/passwd"));
        var device = writer.Write(SpaceSamples.Detail(spaceId: "s2", title: "CON"));

        Assert.Equal(_folder, traversal.File!.DirectoryName);
        Assert.Equal(_folder, device.File!.DirectoryName);
        Assert.Equal("_CON__s2.json", device.File.Name);
    }
}
