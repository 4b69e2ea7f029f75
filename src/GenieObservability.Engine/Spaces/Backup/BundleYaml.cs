using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// The YAML of bundle files: scalars written so any YAML reader gets the exact string back (plain only when nothing in it
/// could be read as another type or as YAML syntax, double-quoted with escapes otherwise), and a reader over YamlDotNet
/// for files the CLI or a person wrote (any style: flow, block scalars, comments).
/// </summary>
public static partial class BundleYaml
{
    /// <summary>A scalar as YAML text: plain when that reads back as the same string, else double-quoted.</summary>
    public static string Scalar(string value, bool quoted = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        return quoted || !IsPlainSafe(value) ? DoubleQuoted(value) : value;
    }

    public static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case < 0x20 or 0x7F or (>= 0x80 and <= 0x9F) or 0x2028 or 0x2029 or 0xFEFF:
                    builder.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    builder.Append(rune.ToString());
                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Parses one YAML file into its first document's root; null for an empty file. A clear error when it is not YAML.</summary>
    public static YamlNode? Load(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new GenieObservabilityException($"{source} is not valid YAML (line {ex.Start.Line}): {ex.Message}", "InvalidBundleYaml", GenieErrorCategory.InvalidData, ex);
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    public static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode mapping && mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    /// <summary>The string of a scalar (null for a missing node, a YAML null, or a mapping/sequence).</summary>
    public static string? Text(YamlNode? node) =>
        node is YamlScalarNode { Value: { } value } scalar && !(scalar.Style == ScalarStyle.Plain && IsNull(value)) ? value : null;

    /// <summary>A YAML tree as JSON, scalars typed by the YAML 1.2 core schema (quoted scalars stay strings), as the CLI marshals inline YAML.</summary>
    public static JsonNode? ToJson(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    obj[Text(key) ?? string.Empty] = ToJson(value);
                }

                return obj;
            case YamlSequenceNode sequence:
                return new JsonArray(sequence.Children.Select(ToJson).ToArray());
            case YamlScalarNode scalar:
                var text = scalar.Value ?? string.Empty;
                if (scalar.Style != ScalarStyle.Plain)
                {
                    return JsonValue.Create(text);
                }

                if (IsNull(text))
                {
                    return null;
                }

                if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
                {
                    return JsonValue.Create(text.StartsWith('t') || text.StartsWith('T'));
                }

                if (IntegerPattern().IsMatch(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    return JsonValue.Create(integer);
                }

                if (FloatPattern().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                return JsonValue.Create(text);
            default:
                throw new GenieObservabilityException("Unsupported YAML node (aliases are not supported in a bundle's serialized_space).", "InvalidBundleYaml", GenieErrorCategory.InvalidData);
        }
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>
    /// Plain only for text made of letters, digits, spaces and a few punctuation marks that are not YAML indicators where
    /// they stand, that no YAML 1.1 or 1.2 reader takes for a boolean, null or number.
    /// </summary>
    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || value[0] == ' ' || value[^1] == ' ' || !(char.IsLetterOrDigit(value[0]) || value[0] is '/' or '$' or '.' or '_'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsLetterOrDigit(c) || c is ' ' or '_' or '-' or '.' or '/' or '@' or '$' or '{' or '}' or '(' or ')' or '+' or '='))
            {
                return false;
            }
        }

        return !SpecialWordPattern().IsMatch(value)
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            && !NumberLikePattern().IsMatch(value);
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();

    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~)$")]
    private static partial Regex SpecialWordPattern();

    // Sexagesimal (1:30), hex/octal/binary, .inf/.nan and digit groups with underscores read as numbers in YAML 1.1.
    [GeneratedRegex(@"^([-+]?(0x|0o|0b)[0-9a-fA-F_]+|[-+]?\.(inf|Inf|INF|nan|NaN|NAN)|[-+]?[0-9][0-9_]*(\.[0-9_]*)?)$")]
    private static partial Regex NumberLikePattern();
}
