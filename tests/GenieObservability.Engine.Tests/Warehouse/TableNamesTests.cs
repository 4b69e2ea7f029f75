using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Tests.Warehouse;

public class TableNamesTests
{
    [Fact]
    public void Defaults_qualify_tables_under_main_genie_analytics()
    {
        var names = new TableNames();
        Assert.Equal("main.genie_analytics.message_details", names.MessageDetails);
        Assert.Equal("genie_analytics.message_details", new TableNames(useCatalog: false).MessageDetails);
    }

    [Theory]
    [InlineData("main; DROP TABLE x")]
    [InlineData("`main`")]
    [InlineData("ma-in")]
    [InlineData("")]
    [InlineData("1main")]
    [InlineData("main.genie")]
    public void Invalid_catalog_names_are_rejected_before_any_sql(string catalog)
    {
        var error = Assert.Throws<GenieObservabilityException>(() => new TableNames(catalog, "genie_analytics"));
        Assert.Equal("InvalidIdentifier", error.ErrorId);
        Assert.Equal(GenieErrorCategory.InvalidArgument, error.Category);
    }
}
