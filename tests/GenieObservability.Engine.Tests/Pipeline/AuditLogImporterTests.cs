using GenieObservability.Engine.Pipeline;
using static GenieObservability.Engine.Tests.Pipeline.PipelineTestBed;

namespace GenieObservability.Engine.Tests.Pipeline;

public sealed class AuditLogImporterTests
{
    [Fact]
    public async Task Importing_the_same_file_twice_adds_nothing()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-1);
        var file = bed.WriteFile(Enumerable.Range(0, 10).Select(i => new AuditEvent(WorkspaceA, t, "s1", "c1", "m" + i).ToSystemTableLine()));

        var first = await bed.ImportFilesAsync([file]);
        var second = await bed.ImportFilesAsync([file]);

        Assert.Equal(10, first.RowsImported);
        Assert.Equal(0, second.RowsImported);
        Assert.Equal(10, second.DuplicateRows);
        Assert.Equal(10L, (await bed.QueryAsync("SELECT count(*) AS n FROM genie_analytics.audit")).Single()["n"]);
    }

    [Fact]
    public async Task Delivered_records_have_no_event_id_and_are_still_imported_once()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-1);
        var file = bed.WriteFile([new AuditEvent(WorkspaceA, t, "s1", "c1", "m1").ToDeliveredLine(), new AuditEvent(WorkspaceA, t, "s1", "c1", "m2").ToDeliveredLine()]);

        var first = await bed.ImportFilesAsync([file]);
        var again = await bed.ImportFilesAsync([file]);

        Assert.Equal(2, first.RowsImported);
        Assert.Equal(0, again.RowsImported);
        var ids = await bed.QueryAsync("SELECT event_id FROM genie_analytics.audit");
        Assert.All(ids, r => Assert.StartsWith("derived-", (string)r["event_id"]!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_malformed_line_is_reported_with_file_and_line_and_the_rest_is_imported()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-1);
        var file = bed.WriteFile(
        [
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m1").ToSystemTableLine(),
            "{\"service_name\": \"aibiGenie\", \"action_name\": ",
            string.Empty,
            "[1, 2, 3]",
            "{\"hello\": \"world\"}",
            "{\"service_name\": \"aibiGenie\", \"action_name\": \"getConversationMessage\", \"event_time\": \"not a time\"}",
            new AuditEvent(WorkspaceA, t, "s1", "c1", "m2").ToSystemTableLine(),
        ]);

        var result = await bed.ImportFilesAsync([file]);

        Assert.Equal(2, result.RowsImported);
        Assert.Equal(4, result.MalformedLines);
        Assert.Equal([2L, 4L, 5L, 6L], bed.ImportErrors.Select(e => e.LineNumber));
        Assert.All(bed.ImportErrors, e => Assert.Equal(file, e.File));
        Assert.Contains("not valid JSON", bed.ImportErrors[0].Reason, StringComparison.Ordinal);
        Assert.Contains("event_time", bed.ImportErrors[3].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Workspace_urls_come_from_the_rows_or_the_map_and_a_missing_one_is_reported()
    {
        await using var bed = await CreateAsync();
        var t = bed.Clock.UtcNow.AddHours(-1);
        var file = bed.WriteFile(
        [
            new AuditEvent("3003", t, "s1", "c1", "m1").ToSystemTableLine("adb-3003.example.net/"),
            new AuditEvent("4004", t, "s1", "c1", "m2").ToSystemTableLine(),
            new AuditEvent("5005", t, null, null, null, Service: "clusters", Action: "list").ToSystemTableLine(),
        ]);

        var result = await new AuditLogImporter(bed.Warehouse, bed.Log).ImportAsync([file], null, null, CancellationToken.None);

        var urls = (await bed.QueryAsync("SELECT workspace_id, workspace_url FROM genie_analytics.workspaces ORDER BY workspace_id"))
            .ToDictionary(r => (string)r["workspace_id"]!, r => r["workspace_url"] as string);
        Assert.Equal("https://adb-3003.example.net", urls["3003"]);
        Assert.Null(urls["4004"]);
        Assert.Equal(["4004"], result.WorkspacesWithoutUrl);
        Assert.Contains(bed.Log.Warnings, w => w.Contains("4004", StringComparison.Ordinal));

        await new AuditLogImporter(bed.Warehouse, bed.Log).ImportAsync([], new Dictionary<string, string> { ["4004"] = "https://adb-4004.example.net" }, null, CancellationToken.None);
        var after = await bed.QueryAsync("SELECT workspace_url FROM genie_analytics.workspaces WHERE workspace_id = '4004'");
        Assert.Equal("https://adb-4004.example.net", after.Single()["workspace_url"]);
    }

    [Fact]
    public async Task Request_params_become_a_map_and_identity_and_response_structs()
    {
        await using var bed = await CreateAsync();
        var t = new DateTime(2026, 11, 19, 8, 30, 15, 250, DateTimeKind.Utc);
        await bed.ImportAsync([new AuditEvent(WorkspaceA, t, "s1", "c1", "m1", Email: "eve@example.com", Status: 429)], delivered: true);

        var row = (await bed.QueryAsync(
            "SELECT workspace_id, event_time, event_date, request_params['message_id'] AS m, user_identity.email AS email, response.status_code AS status FROM genie_analytics.audit")).Single();

        Assert.Equal(WorkspaceA, row["workspace_id"]);
        Assert.Equal(t, row["event_time"]);
        Assert.Equal(new DateOnly(2026, 11, 19), row["event_date"]);
        Assert.Equal("m1", row["m"]);
        Assert.Equal("eve@example.com", row["email"]);
        Assert.Equal(429, row["status"]);
    }
}
