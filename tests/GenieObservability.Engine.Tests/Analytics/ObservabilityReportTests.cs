using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Report;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;
using static GenieObservability.Engine.Tests.Analytics.AnalyticsSeed;

namespace GenieObservability.Engine.Tests.Analytics;

/// <summary>The HTML report over the known data on the embedded warehouse: figures, encoding, data block, no request, bad input.</summary>
public sealed partial class ObservabilityReportTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-report-").FullName;
    private DuckDbWarehouse _warehouse = null!;

    public Task InitializeAsync()
    {
        _warehouse = new DuckDbWarehouse(Path.Combine(_directory, "report.duckdb"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private ObservabilityReportBuilder Builder() => new(new AnalyticsSource(_warehouse), new ManualClock(AsOf));

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static JsonElement Data(string html)
    {
        var match = DataBlock().Match(html);
        Assert.True(match.Success, "the report has its JSON data block");
        return JsonDocument.Parse(match.Groups[1].Value).RootElement;
    }

    [Fact]
    public async Task The_report_shows_the_figures_of_the_queries_and_carries_them_as_json()
    {
        await SeedAsync(_warehouse);
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("report.html"), Days) { Title = "Ops <weekly>" }, CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.Path);

        Assert.Equal((7L, 3L, 2L), (result.Questions, result.Users, result.ActiveSpaces));
        Assert.Equal(0.5, result.AnswerRate!.Value, 9);
        Assert.Equal(0.5, result.Satisfaction!.Value, 9);
        Assert.Equal(0.6, result.FetchCoverage!.Value, 9);
        Assert.False(result.IsEmpty);
        Assert.Equal(new FileInfo(result.Path).Length, result.Bytes);
        Assert.Equal(new DateTimeOffset(2026, 6, 9, 0, 0, 0, TimeSpan.Zero), result.WindowStart);

        Assert.Contains("data-kpi=\"questions\" data-value=\"7\"", html, StringComparison.Ordinal);
        Assert.Contains("data-kpi=\"users\" data-value=\"3\"", html, StringComparison.Ordinal);
        Assert.Contains("data-kpi=\"answer_rate\" data-value=\"0.5\"", html, StringComparison.Ordinal);
        Assert.Contains("data-kpi=\"last_ingestion\" data-value=\"2026-06-15T11:05:00Z\"", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"kpi-value\">55 min ago</div>", html, StringComparison.Ordinal);
        Assert.Contains("<h1>Ops &lt;weekly&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-day=\"2026-06-13\" data-total=\"2\"", html, StringComparison.Ordinal);
        Assert.Contains("data-day=\"2026-06-11\" data-total=\"0\"", html, StringComparison.Ordinal);
        foreach (var id in new[] { "kpis", "trend", "spaces", "quality", "outcomes", "failures", "queries", "worklist", "users", "pipeline" })
        {
            Assert.Contains($"<section id=\"{id}\"", html, StringComparison.Ordinal);
        }

        var data = Data(html);
        Assert.Equal("2026-06-15T12:00:00Z", data.GetProperty("as_of").GetString());
        Assert.Equal(7, data.GetProperty("days").GetInt32());
        var sections = data.GetProperty("sections");
        Assert.Equal(7, sections.GetProperty("kpis").GetProperty("current").GetProperty("questions").GetInt64());
        Assert.Equal(2, sections.GetProperty("kpis").GetProperty("previous").GetProperty("questions").GetInt64());
        var series = sections.GetProperty("trend").GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["Sales", "Support (stored)"], series.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal([0L, 1L, 0L, 0L, 0L, 2L, 1L], series[0].GetProperty("questions").EnumerateArray().Select(v => v.GetInt64()));
        Assert.Equal(2, sections.GetProperty("spaces").GetProperty("rows").GetArrayLength());
        Assert.Equal(Hostile, sections.GetProperty("worklist").GetProperty("rows")[2].GetProperty("question").GetString());
        Assert.Equal(2, sections.GetProperty("pipeline").GetProperty("idle_spaces").GetArrayLength());

        // Satisfaction: Sales has one positive and one negative rating in the window, Support none; accuracy per space.
        var quality = sections.GetProperty("quality");
        var rated = Assert.Single(quality.GetProperty("rated_spaces").EnumerateArray());
        Assert.Equal(("Sales", 0.5), (rated.GetProperty("space_title").GetString(), rated.GetProperty("satisfaction").GetDouble()));
        Assert.Equal(1, quality.GetProperty("unrated_spaces").GetInt32());
        Assert.Equal(["2026-06-08:1", "2026-06-15:1"], quality.GetProperty("rated_weeks").EnumerateArray().Select(w => $"{w.GetProperty("period_start").GetString()![..10]}:{w.GetProperty("rated").GetInt64()}"));
        Assert.Equal(["Finance:", "Sales:0.75"], quality.GetProperty("evaluations").EnumerateArray().Select(e => $"{e.GetProperty("space_title").GetString()}:{(e.GetProperty("accuracy").ValueKind == JsonValueKind.Null ? string.Empty : e.GetProperty("accuracy").GetDouble().ToString(System.Globalization.CultureInfo.InvariantCulture))}"));
        Assert.Contains("data-col=\"accuracy\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No ratings yet", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_ratings_or_evaluation_runs_the_quality_section_says_so_instead_of_showing_zero()
    {
        await SeedAsync(_warehouse);
        await _warehouse.ExecuteAsync($"UPDATE {_warehouse.Tables.MessageDetails} SET feedback_rating = NULL");
        await _warehouse.ExecuteAsync($"DROP TABLE {_warehouse.Tables.EvalRuns}");
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("unrated.html"), Days), CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.Path);

        Assert.Null(result.Satisfaction);
        var quality = Section(html, "quality");
        Assert.Contains("No ratings yet: no answer in this window was rated", quality, StringComparison.Ordinal);
        Assert.Contains("No evaluation runs synced yet", quality, StringComparison.Ordinal);
        Assert.DoesNotContain("0%", quality, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", quality, StringComparison.Ordinal);
    }

    private static string Section(string html, string id)
    {
        var section = html[html.IndexOf($"<section id=\"{id}\"", StringComparison.Ordinal)..];
        return section[..section.IndexOf("</section>", StringComparison.Ordinal)];
    }

    [Fact]
    public async Task The_query_section_shows_the_failure_share_per_space_and_the_slowest_queries_with_their_question()
    {
        await SeedAsync(_warehouse);
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("queries.html"), Days), CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.Path);
        var queries = Section(html, "queries");

        // 5 measured of 7 looked up: 2 failed, 1 canceled = 60%; median 1.2 s, p95 4.5 s; 3 without metrics.
        Assert.Contains("data-kpi=\"query_measured\" data-value=\"5\"", queries, StringComparison.Ordinal);
        Assert.Contains("data-kpi=\"query_failure_share\" data-value=\"0.6\"", queries, StringComparison.Ordinal);
        Assert.Contains("<div class=\"kpi-value\">60%</div><div class=\"kpi-change\">2 failed, 1 canceled of 5</div>", queries, StringComparison.Ordinal);
        Assert.Contains("<div class=\"kpi-value\">1.2 s</div><div class=\"kpi-change\">95th percentile 4.5 s, longest 5.0 s</div>", queries, StringComparison.Ordinal);
        Assert.Contains("1 not in query history yet, 1 not available (given up), 1 not looked up yet", queries, StringComparison.Ordinal);

        var spaces = Regex.Matches(queries, "<tr data-query-space-id=\"([^\"]+)\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.Equal([S2, S1], spaces.Select(m => m.Groups[1].Value));
        Assert.Contains("data-value=\"1\" data-col=\"failure_share\">100%", spaces[0].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("data-col=\"failure_share\">33%", spaces[1].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("data-value=\"4620\" data-col=\"p95_duration_ms\">4.6 s", spaces[1].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("data-value=\"1\" data-col=\"not_looked_up\"", spaces[1].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("data-segment=\"canceled\" data-value=\"1\"", queries, StringComparison.Ordinal);

        var slowest = Regex.Matches(queries, "<tr data-statement-id=\"([^\"]+)\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.Equal(["st04", "st07", "st01a", "st06", "st01b"], slowest.Select(m => m.Groups[1].Value));
        Assert.Contains("<td class=\"question\">Top customers?</td>", slowest[0].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains(">5.0 s</td>", slowest[0].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("<code title=\"SELECT 4\">SELECT 4</code>", slowest[0].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("Why &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", slowest[1].Groups[2].Value, StringComparison.Ordinal);
        Assert.Contains("[DIVIDE_BY_ZERO] Division by zero", slowest[1].Groups[2].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("st08", queries, StringComparison.Ordinal);

        var data = Data(html).GetProperty("sections").GetProperty("queries");
        Assert.True(data.GetProperty("collected").GetBoolean());
        Assert.Equal(0.6, data.GetProperty("overall").GetProperty("failure_share").GetDouble(), 9);
        Assert.Equal(5, data.GetProperty("slowest").GetArrayLength());
        Assert.Equal(Hostile, data.GetProperty("slowest")[1].GetProperty("question").GetString());
    }

    [Fact]
    public async Task Without_measured_statements_or_the_table_the_query_section_says_so_instead_of_showing_zero()
    {
        await SeedAsync(_warehouse);
        await _warehouse.ExecuteAsync($"UPDATE {_warehouse.Tables.QueryMetrics} SET availability = 'PENDING'");
        var pending = Section(await File.ReadAllTextAsync((await Builder().WriteAsync(new ReportRequest(PathOf("pending.html"), Days), CancellationToken.None)).Path), "queries");
        Assert.Contains("No SQL statement of this window&#39;s answers has query-history metrics yet (7 not in query history yet, 1 not looked up yet)", pending, StringComparison.Ordinal);
        Assert.DoesNotContain("%", pending, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", pending, StringComparison.Ordinal);

        await _warehouse.ExecuteAsync($"DELETE FROM {_warehouse.Tables.QueryMetrics}");
        await _warehouse.ExecuteAsync($"UPDATE {_warehouse.Tables.MessageDetails} SET statement_id = NULL");
        var none = Section(await File.ReadAllTextAsync((await Builder().WriteAsync(new ReportRequest(PathOf("none.html"), Days), CancellationToken.None)).Path), "queries");
        Assert.Contains("2 answers in this window ran SQL, but no statement of them has been looked up yet: run Sync-GenieQueryMetric", none, StringComparison.Ordinal);
        await _warehouse.ExecuteAsync($"UPDATE {_warehouse.Tables.MessageDetails} SET query_sql = NULL");
        var text = Section(await File.ReadAllTextAsync((await Builder().WriteAsync(new ReportRequest(PathOf("text.html"), Days), CancellationToken.None)).Path), "queries");
        Assert.Contains("No answer in this window ran SQL", text, StringComparison.Ordinal);

        await _warehouse.ExecuteAsync($"DROP TABLE {_warehouse.Tables.QueryMetrics}");
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("missing.html"), Days), CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.Path);
        var missing = Section(html, "queries");
        Assert.Contains("it has no message_query_metrics table. Run Install-GenieObservabilitySchema, then Sync-GenieQueryMetric", missing, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", missing, StringComparison.Ordinal);
        Assert.False(Data(html).GetProperty("sections").GetProperty("queries").GetProperty("collected").GetBoolean());
    }

    [Fact]
    public async Task User_text_is_encoded_and_the_page_can_make_no_request()
    {
        await SeedAsync(_warehouse);
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("safe.html"), Days), CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.Path);

        Assert.DoesNotContain("<script>alert", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Why &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;?", html, StringComparison.Ordinal);
        Assert.DoesNotContain("</script> &", DataBlock().Match(html).Groups[1].Value, StringComparison.Ordinal);
        Assert.Equal(2, ScriptTag().Count(html));

        // No URL at all: nothing to fetch, and a policy that would block it anyway.
        Assert.DoesNotMatch(new Regex("(https?|ftp|wss?):", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("innerHTML", html, StringComparison.Ordinal);
        var policy = System.Net.WebUtility.HtmlDecode(Regex.Match(html, "Content-Security-Policy\" content=\"([^\"]+)\"").Groups[1].Value);
        Assert.StartsWith("default-src 'none';", policy, StringComparison.Ordinal);
        var script = Regex.Match(html, "<script>(.*?)</script>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains($"script-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", policy, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("prefers-color-scheme: dark", html, StringComparison.Ordinal);
        Assert.All(Regex.Matches(html, "<svg class=\"chart[^>]*>").Select(m => m.Value), svg => Assert.Contains("role=\"img\" aria-labelledby=", svg, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_empty_warehouse_says_so_instead_of_drawing_charts()
    {
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("empty.html")), CancellationToken.None);
        var html = await File.ReadAllTextAsync(result.Path);
        Assert.True(result.IsEmpty);
        Assert.Equal(0, result.Questions);
        Assert.Null(result.AnswerRate);
        Assert.Null(result.FetchCoverage);
        Assert.Contains("No Genie questions yet", html, StringComparison.Ordinal);
        Assert.Contains("Invoke-GenieObservabilityJob", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<svg", html, StringComparison.Ordinal);
        Assert.True(Data(html).GetProperty("empty").GetBoolean());
    }

    [Fact]
    public async Task Bad_requests_fail_before_any_query_and_an_existing_file_is_replaced_unless_no_clobber()
    {
        var builder = Builder();
        Assert.Equal("InvalidDays", (await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(PathOf("a.html"), 0), CancellationToken.None))).ErrorId);
        Assert.Equal("InvalidDays", (await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(PathOf("a.html"), -3), CancellationToken.None))).ErrorId);
        var folder = await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(Path.Combine(_directory, "missing", "a.html")), CancellationToken.None));
        Assert.Equal("ReportFolderMissing", folder.ErrorId);
        Assert.Contains(Path.Combine(_directory, "missing"), folder.Message, StringComparison.Ordinal);
        Assert.Equal("ReportPathIsFolder", (await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(_directory), CancellationToken.None))).ErrorId);
        var tables = await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(PathOf("a.html")), CancellationToken.None));
        Assert.Equal("AnalyticsTablesMissing", tables.ErrorId);
        Assert.Contains("Install-GenieObservabilitySchema", tables.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("a.html")));

        await SeedAsync(_warehouse);
        Assert.Equal("UnknownWorkspace", (await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(PathOf("a.html")) { WorkspaceIds = ["nope"] }, CancellationToken.None))).ErrorId);

        var existing = PathOf("existing.html");
        await File.WriteAllTextAsync(existing, "old");
        var refused = await Assert.ThrowsAsync<GenieObservabilityException>(() => builder.WriteAsync(new ReportRequest(existing) { NoClobber = true }, CancellationToken.None));
        Assert.Equal(("ReportFileExists", GenieErrorCategory.ResourceExists), (refused.ErrorId, refused.Category));
        Assert.Equal("old", await File.ReadAllTextAsync(existing));
        await builder.WriteAsync(new ReportRequest(existing), CancellationToken.None);
        Assert.StartsWith("<!DOCTYPE html>", await File.ReadAllTextAsync(existing), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_directory, "*.tmp"));
    }

    [Fact]
    public async Task A_workspace_filter_limits_every_section()
    {
        await SeedAsync(_warehouse);
        var result = await Builder().WriteAsync(new ReportRequest(PathOf("w2.html"), 30) { WorkspaceIds = [W2] }, CancellationToken.None);
        var data = Data(await File.ReadAllTextAsync(result.Path));
        Assert.Equal(1, result.Questions);
        Assert.Equal([W2], result.WorkspaceIds);
        Assert.All(data.GetProperty("sections").GetProperty("spaces").GetProperty("rows").EnumerateArray(), r => Assert.Equal(W2, r.GetProperty("workspace_id").GetString()));
        Assert.Equal(W2, data.GetProperty("workspace_ids")[0].GetString());
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"genie-report-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex DataBlock();

    [GeneratedRegex("<script[ >]")]
    private static partial Regex ScriptTag();
}
