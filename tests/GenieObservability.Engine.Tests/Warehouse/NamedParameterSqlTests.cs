using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

public class NamedParameterSqlTests
{
    [Theory]
    [InlineData(ParameterMarkerStyle.DollarName, "SELECT $a, ':b', \":c\", x::int, $d -- :e\n/* :f */ FROM t WHERE y = $a")]
    [InlineData(ParameterMarkerStyle.Positional, "SELECT ?, ':b', \":c\", x::int, ? -- :e\n/* :f */ FROM t WHERE y = ?")]
    [InlineData(ParameterMarkerStyle.ColonName, "SELECT :a, ':b', \":c\", x::int, :d -- :e\n/* :f */ FROM t WHERE y = :a")]
    public void Only_markers_outside_literals_comments_and_casts_are_rewritten(ParameterMarkerStyle style, string expected)
    {
        var (sql, names) = NamedParameterSql.Rewrite("SELECT :a, ':b', \":c\", x::int, :d -- :e\n/* :f */ FROM t WHERE y = :a", style, SqlDialect.DuckDb);
        Assert.Equal(expected, sql);
        Assert.Equal(["a", "d", "a"], names);
    }

    [Fact]
    public void Doubled_quotes_stay_inside_the_literal()
    {
        var (sql, names) = NamedParameterSql.Rewrite("SELECT 'it''s :not', :yes", ParameterMarkerStyle.Positional, SqlDialect.PostgreSql);
        Assert.Equal("SELECT 'it''s :not', ?", sql);
        Assert.Equal(["yes"], names);
    }

    [Fact]
    public void Backslash_escapes_count_only_in_databricks_literals()
    {
        Assert.Equal(["x"], NamedParameterSql.Rewrite(@"SELECT 'a\' :x", ParameterMarkerStyle.DollarName, SqlDialect.DuckDb).Names);
        Assert.Empty(NamedParameterSql.Rewrite(@"SELECT 'a\' :x'", ParameterMarkerStyle.ColonName, SqlDialect.Databricks).Names);
    }

    [Fact]
    public void A_missing_value_names_the_parameter()
    {
        var error = Assert.Throws<GenieObservabilityException>(() => NamedParameterSql.RequireValues(["since"], new Dictionary<string, object?>()));
        Assert.Equal("MissingSqlParameter", error.ErrorId);
        Assert.Contains(":since", error.Message, StringComparison.Ordinal);
    }
}
