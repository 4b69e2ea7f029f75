using GenieObservability.Engine.Pipeline;

namespace GenieObservability.Engine.Tests.Pipeline;

public sealed class LoadModePlannerTests
{
    private static readonly DateTime Now = new(2026, 11, 20, 12, 34, 56, 789, DateTimeKind.Utc);
    private static readonly DateTime NowSecond = new(2026, 11, 20, 12, 34, 56, DateTimeKind.Utc);

    [Fact]
    public void Auto_without_an_earlier_run_is_an_initial_load_of_90_whole_days()
    {
        var window = LoadModePlanner.Plan(new RefreshRequest(GeniePipelineMode.Auto), null, Now);

        Assert.Equal(GeniePipelineMode.Initial, window.EffectiveMode);
        Assert.Equal(new DateTime(2026, 8, 22, 0, 0, 0, DateTimeKind.Utc), window.Start);
        Assert.Equal(NowSecond, window.End);
    }

    [Fact]
    public void Auto_starts_at_the_watermark_minus_the_overlap_however_long_ago()
    {
        var watermark = Now.AddDays(-7);
        var window = LoadModePlanner.Plan(new RefreshRequest(GeniePipelineMode.Auto, DaysLookback: 1, Overlap: TimeSpan.FromHours(5)), watermark, Now);

        Assert.Equal(GeniePipelineMode.Auto, window.EffectiveMode);
        Assert.Equal(NowSecond.AddDays(-7).AddHours(-5), window.Start);
        Assert.Null(window.GapWarning);
    }

    [Fact]
    public void Incremental_reads_the_last_minutes_and_warns_about_a_gap_after_the_previous_run()
    {
        var window = LoadModePlanner.Plan(new RefreshRequest(GeniePipelineMode.Incremental, LookbackMinutes: 30), Now.AddHours(-2), Now);

        Assert.Equal(NowSecond.AddMinutes(-30), window.Start);
        Assert.NotNull(window.GapWarning);
        Assert.Contains("Auto", window.GapWarning, StringComparison.Ordinal);
        Assert.Null(LoadModePlanner.Plan(new RefreshRequest(GeniePipelineMode.Incremental, LookbackMinutes: 30), Now.AddMinutes(-10), Now).GapWarning);
    }

    [Fact]
    public void CatchUp_without_days_starts_at_the_day_of_the_previous_window_end()
    {
        var window = LoadModePlanner.Plan(new RefreshRequest(GeniePipelineMode.CatchUp, Overlap: TimeSpan.Zero), new DateTime(2026, 11, 10, 15, 0, 0, DateTimeKind.Utc), Now);

        Assert.Equal(new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc), window.Start);
        Assert.Equal(10, window.DaysLookback);
    }

    [Fact]
    public void CatchUp_and_Initial_with_days_use_whole_days()
    {
        var window = LoadModePlanner.Plan(new RefreshRequest(GeniePipelineMode.CatchUp, DaysLookback: 3), null, Now);

        Assert.Equal(new DateTime(2026, 11, 17, 0, 0, 0, DateTimeKind.Utc), window.Start);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(null, 0, null)]
    [InlineData(null, null, -1)]
    public void Out_of_range_numbers_fail_before_anything_runs(int? days, int? minutes, int? overlapHours)
    {
        var request = new RefreshRequest(GeniePipelineMode.Auto, days, minutes, overlapHours is { } h ? TimeSpan.FromHours(h) : null);

        var error = Assert.Throws<GenieObservabilityException>(() => LoadModePlanner.Plan(request, null, Now));

        Assert.Equal("InvalidRefreshParameter", error.ErrorId);
    }
}
