using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Backup;

namespace GenieObservability.Engine.Tests.Spaces;

/// <summary>
/// The .geniespace.json bytes the Databricks CLI writes (cmd/bundle/generate remarshalJSON: Go's encoding/json with
/// two-space indentation, HTML escaping off): the CLI's own acceptance outputs, and Go's float64 and escaping rules.
/// </summary>
public sealed class CliJsonTests
{
    [Theory]
    // acceptance/bundle/generate/genie_space: serialized_space {"tables":[],"questions":[]} → out/genie_space/test_genie_space.geniespace.json
    [InlineData("""{"tables":[],"questions":[]}""", "{\n  \"questions\": [],\n  \"tables\": []\n}\n")]
    // acceptance/bundle/generate/genie_space_inplace: {"a":"b"} → space.geniespace.json after generate --force
    [InlineData("""{"a":"b"}""", "{\n  \"a\": \"b\"\n}\n")]
    [InlineData("{}", "{}\n")]
    public void Matches_the_CLI_acceptance_outputs(string serializedSpace, string expected)
    {
        Assert.Equal(expected, CliJson.Format(JsonNode.Parse(serializedSpace)));
    }

    [Theory]
    [InlineData("2", "2")]
    [InlineData("1.0", "1")]
    [InlineData("100.0", "100")]
    [InlineData("-0.0", "-0")]
    [InlineData("12345678901234567890", "12345678901234567000")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e21", "1e+21")]
    [InlineData("1.5e300", "1.5e+300")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("2.5e-10", "2.5e-10")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("123456.789", "123456.789")]
    public void Numbers_go_through_a_float64_as_in_Go(string number, string expected)
    {
        Assert.Equal("{\n  \"n\": " + expected + "\n}\n", CliJson.Format(JsonNode.Parse("{\"n\":" + number + "}")));
    }

    [Fact]
    public void Strings_escape_only_what_Go_escapes_and_keys_sort_by_code_point()
    {
        var node = new JsonObject
        {
            ["z"] = "<a & b>\t\"quoted\"\\ \u0001 \u2028 é 😀",
            ["é"] = true,
            ["A"] = null,
            ["list"] = new JsonArray(3, "two", new JsonObject()),
        };

        var text = CliJson.Format(node);

        Assert.Equal(
            "{\n  \"A\": null,\n  \"list\": [\n    3,\n    \"two\",\n    {}\n  ],\n  \"z\": \"<a & b>\\t\\\"quoted\\\"\\\\ \\u0001 \\u2028 é 😀\",\n  \"é\": true\n}\n",
            text);
    }
}
