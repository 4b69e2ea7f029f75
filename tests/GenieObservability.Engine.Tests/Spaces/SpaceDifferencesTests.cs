using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Content;
using GenieObservability.Engine.Spaces.Drift;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>Drift in the space editor's terms: which table, instruction or example changed, with before and after.</summary>
public sealed class SpaceDifferencesTests
{
    private static SpaceContent Content(string serialized, string title = "Sales", string? warehouse = "wh-dev") =>
        new(title, "Sales questions", warehouse, JsonNode.Parse(serialized));

    [Fact]
    public void Identical_spaces_have_no_differences()
    {
        Assert.Empty(SpaceDifferences.Compare(Content(SpaceSamples.SerializedSpace()), "/Users/a", Content(SpaceSamples.SerializedSpace()), "/Users/a"));
    }

    [Fact]
    public void A_changed_instruction_is_named_by_id_with_its_text_before_and_after()
    {
        var difference = Assert.Single(SpaceDifferences.Compare(Content(SpaceSamples.SerializedSpace()), null, Content(SpaceSamples.SerializedSpace("Revenue includes refunds.")), null));

        Assert.Equal(("Instruction", "01f0a1b2c3d4e5f60718293a4b5c6d7f", "Changed"), (difference.Aspect.ToString(), difference.Item, difference.Change.ToString()));
        Assert.Equal("Use fiscal quarters.\nRevenue is net of refunds.\nJoin dev.sales.orders to dev.sales.customers on customer_id.", difference.Before);
        Assert.Contains("Revenue includes refunds.", difference.After, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_added_and_removed_are_named_by_identifier()
    {
        var live = JsonNode.Parse(SpaceSamples.SerializedSpace())!;
        var tables = live["data_sources"]!["tables"]!.AsArray();
        tables.RemoveAt(0);
        tables.Add(new JsonObject { ["identifier"] = "dev.sales.returns" });

        var differences = SpaceDifferences.Compare(Content(SpaceSamples.SerializedSpace()), null, Content(live.ToJsonString()), null);

        Assert.Equal(
            [("Table", "dev.sales.customers", "Removed"), ("Table", "dev.sales.returns", "Added")],
            differences.Select(d => (d.Aspect.ToString(), d.Item!, d.Change.ToString())));
        Assert.Equal("""{"identifier":"dev.sales.returns"}""", differences[1].After);
    }

    [Fact]
    public void Fields_questions_example_sql_and_other_settings_are_each_reported()
    {
        var live = JsonNode.Parse(SpaceSamples.SerializedSpace())!;
        live["config"]!["sample_questions"]![0]!["question"] = new JsonArray("What is in prod?");
        live["instructions"]!["example_question_sqls"]![0]!["sql"] = new JsonArray("SELECT 1");
        live["version"] = 3;

        var differences = SpaceDifferences.Compare(Content(SpaceSamples.SerializedSpace()), "/Users/a", Content(live.ToJsonString(), "Sales v2", "wh-prod"), "/Shared");

        Assert.Equal(
            ["Title", "Warehouse", "Folder", "SampleQuestion", "ExampleSql", "Other"],
            differences.Select(d => d.Aspect.ToString()));
        Assert.Equal(("Sales", "Sales v2"), (differences[0].Before, differences[0].After));
        Assert.Equal("Top customers\nSELECT 1", differences[4].After);
        Assert.Equal(("version", "2", "3"), (differences[5].Item, differences[5].Before, differences[5].After));
    }

    [Fact]
    public void A_version_1_backup_equals_the_version_2_space_the_service_made_of_it()
    {
        var v1 = """{"version":1,"config":{"sample_questions":[]}}""";
        var stored = """{"version":2,"config":{"sample_questions":[]},"data_sources":{}}""";

        Assert.Empty(SpaceDifferences.Compare(Content(v1), null, Content(stored), null));
    }

    [Fact]
    public void A_backup_that_does_not_know_its_warehouse_or_folder_does_not_compare_them()
    {
        Assert.Empty(SpaceDifferences.Compare(Content(SpaceSamples.SerializedSpace(), warehouse: null), null, Content(SpaceSamples.SerializedSpace(), warehouse: "wh-x"), "/Users/a"));
    }
}
