using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Engine.Spaces.Content;

/// <summary>
/// JSON written the same way every time, so identical content gives identical bytes and a one-field change gives a
/// one-hunk diff: object keys sorted (ordinal), array order kept (it has meaning in a space), numbers and strings as
/// given, two-space indentation, LF line ends, a trailing newline, UTF-8 without BOM.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions IndentedOptions = new()
    {
        Indented = true,
        // Backups are read by people in diffs; nothing here is embedded in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions CompactOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Indented canonical text with a trailing LF.</summary>
    public static string Format(JsonNode? node) => Write(node, IndentedOptions) + "\n";

    /// <summary>Parses <paramref name="json"/> and formats it canonically (indented).</summary>
    public static string Format(string json) => Format(Parse(json));

    /// <summary>Single-line canonical text: what is sent to the API and hashed.</summary>
    public static string Compact(JsonNode? node) => Write(node, CompactOptions);

    public static byte[] ToUtf8(string text) => Utf8NoBom.GetBytes(text);

    /// <summary>Lower-case hex SHA-256 of the UTF-8 text.</summary>
    public static string Sha256(string text) => Convert.ToHexString(SHA256.HashData(ToUtf8(text))).ToLowerInvariant();

    /// <summary>Parses JSON; a clear error when it is not JSON (a corrupt backup or an odd API answer).</summary>
    public static JsonNode? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 256 });
        }
        catch (JsonException ex)
        {
            throw new GenieObservabilityException($"Not valid JSON: {ex.Message}", "InvalidJson", GenieErrorCategory.InvalidData, ex);
        }
    }

    private static string Write(JsonNode? node, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            WriteNode(writer, node);
        }

        // Utf8JsonWriter indents with Environment.NewLine on .NET 8; string values never contain a raw CR (it is escaped).
        return Utf8NoBom.GetString(buffer.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var property in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(property.Key);
                    WriteNode(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                // Values keep their exact text (1.0 stays 1.0, big integers are not rounded).
                node.WriteTo(writer);
                break;
        }
    }
}
