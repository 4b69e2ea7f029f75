using GenieObservability.Engine.Pipeline;

namespace GenieObservability.Engine.Tests.Deployment;

/// <summary>The uploaded file is the shipped sql/pipeline.sql, and its configuration keys are the ones the product sets.</summary>
public sealed class PipelineSourceTests
{
    [Fact]
    public void The_embedded_file_is_the_shipped_sql_pipeline_byte_for_byte()
    {
        var shipped = File.ReadAllBytes(TestPaths.InRepository("sql", "pipeline.sql"));

        Assert.Equal(shipped, PipelineSource.Content.ToArray());
        Assert.True(PipelineSource.SameContent(shipped));
        Assert.False(PipelineSource.SameContent(shipped.AsSpan(0, shipped.Length - 1)));
    }

    [Fact]
    public void The_keys_the_SQL_reads_are_exactly_the_keys_the_refresh_and_the_install_set()
    {
        string[] known = [PipelineConfiguration.WorkspaceIds, PipelineConfiguration.WindowStart, PipelineConfiguration.WindowEnd, PipelineConfiguration.DaysLookback, PipelineConfiguration.LookbackMinutes];

        Assert.Equal(known.Order(StringComparer.Ordinal), PipelineSource.ConfigurationKeys.Order(StringComparer.Ordinal));
        Assert.Equal(["genie.a", "genie.b_2"], PipelineSource.ReadKeys("SELECT '${genie.a}', '${genie.b_2}', '${genie.a}', '${spark.x}', '$genie.c'"));
    }

    [Fact]
    public void A_refresh_sets_the_window_keys_and_the_workspace_ids_only_when_it_names_some()
    {
        var window = new RefreshWindow(GeniePipelineMode.Auto, GeniePipelineMode.Auto, new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 2, 6, 30, 0, DateTimeKind.Utc), "test", 90, null);

        var all = PipelineConfiguration.ForWindow(window, []);
        var some = PipelineConfiguration.ForWindow(window, ["1", "2"]);

        Assert.DoesNotContain(PipelineConfiguration.WorkspaceIds, all.Keys);
        Assert.Equal("1,2", some[PipelineConfiguration.WorkspaceIds]);
        Assert.Equal("2026-11-01 00:00:00", all[PipelineConfiguration.WindowStart]);
        Assert.Equal("2026-11-02 06:30:00", all[PipelineConfiguration.WindowEnd]);
        Assert.Throws<GenieObservabilityException>(() => PipelineConfiguration.ForWindow(window, ["1,2"]));
    }
}
