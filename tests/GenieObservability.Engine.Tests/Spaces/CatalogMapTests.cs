using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Publish;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class CatalogMapTests
{
    private static CatalogMap Map(params (string From, string To)[] entries) => new(entries.Select(e => KeyValuePair.Create(e.From, e.To)));

    [Theory]
    [InlineData("dev.sales.orders", "prod.sales.orders")]
    [InlineData("SELECT * FROM dev.sales.orders o JOIN dev.hr.people p", "SELECT * FROM prod.sales.orders o JOIN prod.hr.people p")]
    [InlineData("my_dev.sales.orders", "my_dev.sales.orders")]
    [InlineData("x.dev.sales", "x.dev.sales")]
    [InlineData("dev_sales.orders", "dev_sales.orders")]
    [InlineData("the dev team", "the dev team")]
    [InlineData("Use dev.sales.orders.", "Use prod.sales.orders.")]
    [InlineData("`dev`.sales.orders", "`prod`.sales.orders")]
    [InlineData("DEV.Sales.Orders", "prod.Sales.Orders")]
    [InlineData("(dev.sales.orders)", "(prod.sales.orders)")]
    [InlineData("$dev.sales", "$dev.sales")]
    [InlineData("devx.sales", "devx.sales")]
    public void Catalog_entries_rewrite_only_the_first_part_of_a_chain(string input, string expected)
    {
        Assert.Equal(expected, Map(("dev", "prod")).Rewrite(input));
    }

    [Fact]
    public void Catalog_schema_entries_take_precedence_and_nothing_is_rewritten_twice()
    {
        var map = Map(("dev", "prod"), ("dev.sales", "prod.finance"), ("prod", "archive"));

        Assert.Equal("prod.finance.orders, prod.hr.people, archive.x.y", map.Rewrite("dev.sales.orders, dev.hr.people, prod.x.y"));
        Assert.Equal("prod.finance", map.Rewrite("dev.sales"));
        Assert.Equal("prod.hr.t", map.Rewrite("dev.hr.t"));
        Assert.Equal("prod.sales_archive.t", map.Rewrite("dev.sales_archive.t"));
    }

    [Fact]
    public void Quoting_of_each_part_is_kept()
    {
        Assert.Equal("`prod`.`finance`.orders", Map(("dev.sales", "prod.finance")).Rewrite("`dev`.`sales`.orders"));
    }

    [Fact]
    public void Unmatched_text_is_returned_as_is()
    {
        const string text = "nothing to see";

        Assert.Same(text, Map(("dev", "prod")).Rewrite(text));
    }

    [Theory]
    [InlineData("dev", "prod.sales")]
    [InlineData("dev.sales.orders", "prod.sales.orders")]
    [InlineData("dev-x", "prod")]
    [InlineData("", "prod")]
    public void Bad_entries_are_rejected(string from, string to)
    {
        var error = Assert.Throws<GenieObservabilityException>(() => Map((from, to)));

        Assert.Equal("InvalidCatalogMap", error.ErrorId);
    }

    [Fact]
    public void Every_string_of_a_space_is_rewritten_but_ids_and_keys_are_not()
    {
        var node = JsonNode.Parse(SpaceSamples.SerializedSpace())!;
        node["config"]!["sample_questions"]![0]!["id"] = "dev.sales.x";

        Map(("dev", "prod")).RewriteStrings(node);
        var text = node.ToJsonString();

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "\"dev\\."));
        Assert.DoesNotContain(" dev.", text, StringComparison.Ordinal);
        Assert.Contains("prod.sales.orders", text, StringComparison.Ordinal);
        Assert.Contains("`prod`.sales.customers", node["instructions"]!["example_question_sqls"]![0]!["sql"]![1]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("my_dev.sales", text, StringComparison.Ordinal);
        Assert.Equal("dev.sales.x", node["config"]!["sample_questions"]![0]!["id"]!.GetValue<string>());
    }
}
