using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Analytics;

/// <summary>Get-GenieQuestion reads newest first in growing pages; rows asked at the same instant are neither lost nor repeated across a page boundary.</summary>
public sealed class QuestionPagingTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-paging-").FullName;
    private DuckDbWarehouse _warehouse = null!;

    public async Task InitializeAsync()
    {
        _warehouse = new DuckDbWarehouse(Path.Combine(_directory, "paging.duckdb"));
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, CancellationToken.None);
        var start = new DateTime(2026, 5, 1, 0, 0, 0, DateTimeKind.Utc);
        await _warehouse.UpsertAsync(
            _warehouse.Tables.MessageDetails,
            ObservabilityTables.MessageDetails.Key,
            ["workspace_id", "space_id", "conversation_id", "message_id", "status", "created_timestamp", "content"],
            Enumerable.Range(0, 250).Select(i => new object?[] { i % 2 == 0 ? "w1" : "w2", "s", "c", $"m{i:D3}", "COMPLETED", start.AddHours(i % 5), $"question {i}" }));
    }

    public async Task DisposeAsync()
    {
        await _warehouse.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(1, null)]
    [InlineData(7, null)]
    [InlineData(7, 100)]
    [InlineData(200, 250)]
    public async Task Every_question_comes_once_in_order_whatever_the_page_size(int firstPage, int? first)
    {
        var reader = new QuestionReader(new AnalyticsSource(_warehouse)) { FirstPageSize = firstPage };
        var read = new List<GenieQuestion>();
        await foreach (var question in reader.ReadAsync(new QuestionQuery { First = first }, CancellationToken.None))
        {
            read.Add(question);
        }

        var expected = Enumerable.Range(0, 250)
            .Select(i => (Hour: i % 5, Workspace: i % 2 == 0 ? "w1" : "w2", Message: $"m{i:D3}"))
            .OrderByDescending(e => e.Hour).ThenBy(e => e.Workspace, StringComparer.Ordinal).ThenBy(e => e.Message, StringComparer.Ordinal)
            .Select(e => e.Message)
            .Take(first ?? int.MaxValue);
        Assert.Equal(expected, read.Select(q => q.MessageId));
    }
}
