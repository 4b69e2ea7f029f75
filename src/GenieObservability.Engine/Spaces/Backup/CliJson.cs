using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// JSON exactly as <c>databricks bundle generate genie-space</c> writes a <c>.geniespace.json</c> file: the CLI
/// (cmd/bundle/generate, remarshalJSON) decodes serialized_space into Go values and encodes them again with two-space
/// indentation, HTML escaping off and a trailing newline. So object keys are sorted by code point, array order is kept,
/// every number goes through a float64 (shortest round-trip digits; exponent form below 1e-6 and from 1e21), and
/// strings escape only what Go's encoder escapes (quote, backslash, control characters, U+2028 and U+2029).
/// </summary>
public static class CliJson
{
    private const string HexDigits = "0123456789abcdef";

    public static string Format(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node, 0);
        return builder.Append('\n').ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                builder.Append("{}");
                break;
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var property in obj.OrderBy(p => p.Key, CodePointComparer.Instance))
                {
                    builder.Append(first ? "\n" : ",\n");
                    first = false;
                    Indent(builder, depth + 1);
                    AppendString(builder, property.Key);
                    builder.Append(": ");
                    Write(builder, property.Value, depth + 1);
                }

                builder.Append('\n');
                Indent(builder, depth);
                builder.Append('}');
                break;
            case JsonArray array when array.Count == 0:
                builder.Append("[]");
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n");
                    Indent(builder, depth + 1);
                    Write(builder, array[i], depth + 1);
                }

                builder.Append('\n');
                Indent(builder, depth);
                builder.Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
        }
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                AppendString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            case JsonValueKind.Number:
                builder.Append(Number(value));
                break;
            default:
                builder.Append("null");
                break;
        }
    }

    /// <summary>Go's encoding of a float64: strconv 'f' format, or 'e' (with e-7, not e-07) outside [1e-6, 1e21).</summary>
    internal static string Number(JsonValue value)
    {
        var number = double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(number))
        {
            throw new GenieObservabilityException($"The number {value.ToJsonString()} does not fit a 64-bit float, so the Databricks CLI could not read this space either.", "InvalidJson", GenieErrorCategory.InvalidData);
        }

        if (number == 0)
        {
            return double.IsNegative(number) ? "-0" : "0";
        }

        var (digits, pointPosition) = ShortestDigits(Math.Abs(number));
        var sign = number < 0 ? "-" : string.Empty;
        var magnitude = Math.Abs(number);
        if (magnitude < 1e-6 || magnitude >= 1e21)
        {
            var exponent = pointPosition - 1;
            var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            var exponentText = exponent < 0
                ? "-" + (-exponent).ToString(CultureInfo.InvariantCulture)
                : "+" + exponent.ToString("00", CultureInfo.InvariantCulture);
            return sign + mantissa + "e" + exponentText;
        }

        if (pointPosition <= 0)
        {
            return sign + "0." + new string('0', -pointPosition) + digits;
        }

        return pointPosition >= digits.Length
            ? sign + digits + new string('0', pointPosition - digits.Length)
            : sign + digits[..pointPosition] + "." + digits[pointPosition..];
    }

    /// <summary>The shortest digits that round-trip (no leading or trailing zeros) and where the decimal point goes.</summary>
    private static (string Digits, int PointPosition) ShortestDigits(double magnitude)
    {
        var text = magnitude.ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? text.Remove(dot, 1) : text;
        var pointPosition = (dot >= 0 ? dot : text.Length) + exponent;
        var leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        return (digits.Length == 0 ? "0" : digits, pointPosition - leading);
    }

    private static void AppendString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\b':
                    builder.Append("\\b");
                    break;
                case '\f':
                    builder.Append("\\f");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case < ' ':
                    builder.Append("\\u00").Append(HexDigits[c >> 4]).Append(HexDigits[c & 0xF]);
                    break;
                case '\u2028':
                    builder.Append("\\u2028");
                    break;
                case '\u2029':
                    builder.Append("\\u2029");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        builder.Append('"');
    }

    private static void Indent(StringBuilder builder, int depth) => builder.Append(' ', depth * 2);

    /// <summary>Go sorts map keys as UTF-8 bytes, which is code point order; UTF-16 ordinal order differs above U+D7FF.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return string.CompareOrdinal(x, y);
            }

            var left = x.EnumerateRunes().GetEnumerator();
            var right = y.EnumerateRunes().GetEnumerator();
            while (true)
            {
                var hasLeft = left.MoveNext();
                var hasRight = right.MoveNext();
                if (!hasLeft || !hasRight)
                {
                    return hasLeft.CompareTo(hasRight);
                }

                var order = left.Current.Value.CompareTo(right.Current.Value);
                if (order != 0)
                {
                    return order;
                }
            }
        }
    }
}
