using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

public class SqlRowTests
{
    private static SqlRow Row(object? value) => new(["v"], [value]);

    [Fact]
    public void Null_reads_as_null_for_every_type_and_as_zero_only_for_a_count()
    {
        var row = Row(null);
        Assert.Null(row.GetString("v"));
        Assert.Null(row.GetInt64("v"));
        Assert.Null(row.GetInt32("v"));
        Assert.Null(row.GetDouble("v"));
        Assert.Null(row.GetBoolean("v"));
        Assert.Null(row.GetTimestamp("v"));
        Assert.Equal(0, row.GetCount("v"));
    }

    [Theory]
    [InlineData(42L)]
    [InlineData(42)]
    [InlineData("42")]
    [InlineData(42.0)]
    public void Numbers_read_whatever_type_the_backend_returns(object value)
    {
        Assert.Equal(42L, Row(value).GetInt64("v"));
        Assert.Equal(42, Row(value).GetInt32("v"));
        Assert.Equal(42L, Row(value).GetCount("v"));
    }

    [Fact]
    public void Decimal_and_text_rates_read_as_doubles() =>
        Assert.Equal([0.25, 0.25], [Row(0.25m).GetDouble("v")!.Value, Row("0.25").GetDouble("v")!.Value]);

    [Theory]
    [InlineData(true, true)]
    [InlineData("false", false)]
    [InlineData(1, true)]
    [InlineData(0L, false)]
    public void Booleans_read_from_flags_text_and_numbers(object value, bool expected) => Assert.Equal(expected, Row(value).GetBoolean("v"));

    [Fact]
    public void Timestamps_are_utc_whatever_the_kind()
    {
        var utc = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        Assert.Equal(utc, Row(utc.UtcDateTime).GetTimestamp("v"));
        Assert.Equal(utc, Row(DateTime.SpecifyKind(utc.UtcDateTime, DateTimeKind.Unspecified)).GetTimestamp("v"));
        Assert.Equal(utc, Row(utc.UtcDateTime.ToLocalTime()).GetTimestamp("v"));
        Assert.Equal(utc, Row(utc.ToOffset(TimeSpan.FromHours(2))).GetTimestamp("v"));
        Assert.Equal(TimeSpan.Zero, Row(utc.ToOffset(TimeSpan.FromHours(2))).GetTimestamp("v")!.Value.Offset);
        Assert.Equal(utc, Row("2026-03-04T05:06:07").GetTimestamp("v"));
        Assert.Equal(utc, Row("2026-03-04T07:06:07+02:00").GetTimestamp("v"));
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 0, 0, 0, TimeSpan.Zero), Row(new DateOnly(2026, 3, 4)).GetTimestamp("v"));
        Assert.Null(Row("not a time").GetTimestamp("v"));
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_a_query_bug_not_a_null()
    {
        Assert.Throws<InvalidCastException>(() => Row(Guid.NewGuid()).GetTimestamp("v"));
        Assert.Throws<FormatException>(() => Row("many").GetCount("v"));
    }

    [Fact]
    public void Columns_are_found_case_insensitively_and_a_missing_one_is_named()
    {
        var row = new SqlRow(["Workspace_Id"], ["w1"]);
        Assert.Equal("w1", row.GetString("workspace_id"));
        Assert.True(row.HasColumn("WORKSPACE_ID"));
        Assert.False(row.HasColumn("space_id"));
        Assert.Contains("space_id", Assert.Throws<KeyNotFoundException>(() => row["space_id"]).Message, StringComparison.Ordinal);
    }
}
