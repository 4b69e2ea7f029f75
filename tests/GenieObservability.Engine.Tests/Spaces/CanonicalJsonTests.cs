using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void Sorts_keys_keeps_list_order_indents_with_LF_and_ends_with_a_newline()
    {
        var text = CanonicalJson.Format("""{"b":1,"a":{"d":[3,1,2],"c":"x"}}""");

        Assert.Equal("{\n  \"a\": {\n    \"c\": \"x\",\n    \"d\": [\n      3,\n      1,\n      2\n    ]\n  },\n  \"b\": 1\n}\n", text);
    }

    [Fact]
    public void Key_order_and_whitespace_of_the_input_do_not_change_the_output()
    {
        var one = CanonicalJson.Format("""{"x":[{"b":true,"a":null}],"y":"é <b>"}""");
        var two = CanonicalJson.Format("{ \"y\" : \"é <b>\",\r\n \"x\" : [ { \"a\" : null , \"b\" : true } ] }");

        Assert.Equal(one, two);
        Assert.Contains("\"é <b>\"", one, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", one, StringComparison.Ordinal);
    }

    [Fact]
    public void Numbers_keep_their_exact_text()
    {
        var text = CanonicalJson.Compact(JsonNode.Parse("""{"big":12345678901234567890123,"f":1.50}"""));

        Assert.Equal("""{"big":12345678901234567890123,"f":1.50}""", text);
    }

    [Fact]
    public void Strings_with_line_breaks_stay_on_one_line()
    {
        var text = CanonicalJson.Format("{\"sql\":[\"SELECT 1\\r\\n\",\"FROM t\"]}");

        Assert.Contains("\"SELECT 1\\r\\n\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_json_is_a_clear_error()
    {
        var error = Assert.Throws<GenieObservabilityException>(() => CanonicalJson.Parse("{not json"));

        Assert.Equal("InvalidJson", error.ErrorId);
    }

    [Fact]
    public void Content_hash_ignores_key_order_but_not_content()
    {
        var a = new SpaceContent("t", "d", "w", JsonNode.Parse("""{"a":1,"b":[1,2]}"""));
        var b = new SpaceContent("t", "d", "w", JsonNode.Parse("""{"b":[1,2],"a":1}"""));
        var c = new SpaceContent("t", "d", "w", JsonNode.Parse("""{"b":[2,1],"a":1}"""));

        Assert.Equal(a.Hash, b.Hash);
        Assert.NotEqual(a.Hash, c.Hash);
        Assert.Matches("^[0-9a-f]{64}$", a.Hash);
    }
}
