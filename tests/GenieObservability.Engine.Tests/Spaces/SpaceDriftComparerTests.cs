using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Drift;
using GenieObservability.Engine.Tests.Http;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>Live spaces against backups over HTTP: one result per space, GETs only.</summary>
public sealed class SpaceDriftComparerTests : IAsyncLifetime
{
    private const string Same = "01f0aaaa000000000000000000000001";
    private const string Edited = "01f0bbbb000000000000000000000002";
    private const string Deleted = "01f0cccc000000000000000000000003";
    private const string NoBackup = "01f0dddd000000000000000000000004";

    private readonly string _folder = Directory.CreateTempSubdirectory("genie-drift-").FullName;
    private ApiTestWorkspace _workspace = null!;

    public async Task InitializeAsync()
    {
        _workspace = await ApiTestWorkspace.StartAsync();
        foreach (var id in new[] { Same, Edited, Deleted })
        {
            Upsert(new JsonObject { ["space_id"] = id, ["title"] = "Space " + id[4..8], ["description"] = "Sales questions over dev.sales", ["warehouse_id"] = "wh-dev", ["serialized_space"] = SpaceSamples.SerializedSpace() });
        }

        var writer = new SpaceBackupWriter(_folder);
        foreach (var id in new[] { Same, Edited, Deleted })
        {
            var detail = SpaceSamples.Detail(spaceId: id, title: "Space " + id[4..8]);
            detail.WorkspaceUrl = _workspace.Emulator.BaseAddress.GetLeftPart(UriPartial.Authority);
            writer.Write(detail);
        }

        var elsewhere = SpaceSamples.Detail(spaceId: "01f0eeee000000000000000000000005", title: "Other workspace");
        writer.Write(elsewhere);

        Upsert(new JsonObject { ["space_id"] = NoBackup, ["title"] = "Nobody backed me up", ["serialized_space"] = SpaceSamples.SerializedSpace() });
        var live = JsonNode.Parse(SpaceSamples.SerializedSpace("Revenue includes refunds."))!;
        live["data_sources"]!["tables"]!.AsArray().Add(new JsonObject { ["identifier"] = "dev.sales.returns" });
        Upsert(new JsonObject { ["space_id"] = Edited, ["serialized_space"] = live.ToJsonString() });
        await _workspace.Session.Genie().TrashSpaceAsync(Deleted, CancellationToken.None);
        _workspace.Emulator.State.Requests.Clear();
    }

    public async Task DisposeAsync()
    {
        await _workspace.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Each_space_is_in_sync_changed_missing_live_or_missing_a_backup_and_only_gets_are_sent()
    {
        var drifts = await CompareAsync();

        Assert.Equal(
            [(Same, GenieSpaceDriftStatus.InSync), (Edited, GenieSpaceDriftStatus.Changed), (Deleted, GenieSpaceDriftStatus.MissingLive), (NoBackup, GenieSpaceDriftStatus.MissingBackup)],
            drifts.Select(d => (d.SpaceId, d.Status)).OrderBy(d => d.SpaceId, StringComparer.Ordinal));
        var changed = drifts.Single(d => d.SpaceId == Edited);
        Assert.Equal([("Table", "Added"), ("Instruction", "Changed")], changed.Differences.Select(d => (d.Aspect.ToString(), d.Change.ToString())));
        Assert.Equal("dev.sales.returns", changed.Differences.Single(d => d.Aspect == GenieSpaceAspect.Table).Item);
        Assert.EndsWith("Space_bbbb__" + Edited + ".json", changed.BackupFile, StringComparison.Ordinal);
        Assert.DoesNotContain(drifts, d => d.Title == "Other workspace");
        Assert.All(_workspace.Emulator.State.Requests.Entries, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task A_space_that_cannot_be_read_is_unknown_not_missing()
    {
        _workspace.Emulator.State.Faults.Add(new FaultRule { Method = "GET", PathPattern = "/spaces/" + Same + "$", Status = 403 });

        var drift = (await CompareAsync()).Single(d => d.SpaceId == Same);

        Assert.Equal(GenieSpaceDriftStatus.Unknown, drift.Status);
        Assert.Contains("403", drift.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_the_CLI_wrote_is_matched_by_title()
    {
        var bundle = Path.Combine(_folder, "bundle");
        Directory.CreateDirectory(Path.Combine(bundle, "resources"));
        Directory.CreateDirectory(Path.Combine(bundle, "src"));
        File.WriteAllText(Path.Combine(bundle, "databricks.yml"), "bundle:\n  name: b\ninclude:\n  - resources/*.yml\n");
        File.WriteAllText(Path.Combine(bundle, "src", "nobody.geniespace.json"), CliJson.Format(JsonNode.Parse(SpaceSamples.SerializedSpace("Changed by hand"))));
        File.WriteAllText(Path.Combine(bundle, "resources", "nobody.genie_space.yml"), "resources:\n  genie_spaces:\n    nobody:\n      title: \"Nobody backed me up\"\n      warehouse_id: ${var.warehouse_id}\n      file_path: ../src/nobody.geniespace.json\n");

        var drifts = await CompareAsync(bundle);

        var matched = drifts.Single(d => d.SpaceId == NoBackup);
        Assert.Equal(GenieSpaceDriftStatus.Changed, matched.Status);
        Assert.Equal(GenieSpaceAspect.Instruction, Assert.Single(matched.Differences).Aspect);
        Assert.Equal([Same, Edited], drifts.Where(d => d.Status == GenieSpaceDriftStatus.MissingBackup).Select(d => d.SpaceId).Order(StringComparer.Ordinal));
    }

    private async Task<List<GenieSpaceDrift>> CompareAsync(string? path = null)
    {
        var backups = BackupReader.Sources(path ?? _folder).SelectMany(new BackupReader().ReadSource).ToList();
        var drifts = new List<GenieSpaceDrift>();
        await foreach (var drift in new SpaceDriftComparer(_workspace.Session.Genie()).CompareAsync(backups, CancellationToken.None))
        {
            drifts.Add(drift);
        }

        return drifts;
    }

    private void Upsert(JsonObject space)
    {
        using var json = JsonDocument.Parse(space.ToJsonString());
        _workspace.Emulator.State.Genie.UpsertSpace(json.RootElement);
    }
}
