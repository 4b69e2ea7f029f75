using System.Text;
using System.Text.Json.Nodes;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>
/// Rewrites Unity Catalog references when a space moves between workspaces: <c>dev</c> → <c>prod</c> (catalog) and
/// <c>dev.sales</c> → <c>prod.sales</c> (catalog.schema). A reference is the start of a dotted identifier chain
/// (<c>dev.sales.orders</c>, <c>`dev`.`sales`.orders</c>); a chain that merely contains the name (<c>my_dev.sales</c>,
/// <c>x.dev.sales</c>) or a bare word (<c>dev</c> in prose) is left alone. Catalog.schema entries win over catalog
/// entries, and each reference is rewritten once (no chaining of dev → prod → ...). Names compare case-insensitively,
/// as Unity Catalog does; backtick quoting of each part is kept.
/// </summary>
public sealed class CatalogMap
{
    private readonly Dictionary<string, string[]> _catalogs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string[]> _schemas = new(StringComparer.OrdinalIgnoreCase);

    public CatalogMap(IEnumerable<KeyValuePair<string, string>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        foreach (var (from, to) in entries)
        {
            var source = SplitName(from, "source");
            var target = SplitName(to, "target");
            if (source.Length != target.Length)
            {
                throw Invalid($"'{from}' = '{to}': map a catalog to a catalog, or catalog.schema to catalog.schema.");
            }

            var key = string.Join('.', source);
            var map = source.Length == 1 ? _catalogs : _schemas;
            if (!map.TryAdd(key, target))
            {
                throw Invalid($"'{from}' is mapped twice.");
            }
        }
    }

    public static CatalogMap Empty { get; } = new([]);

    public bool IsEmpty => _catalogs.Count == 0 && _schemas.Count == 0;

    /// <summary>Rewrites every reference in <paramref name="text"/>; returns it unchanged (same instance) when none matched.</summary>
    public string Rewrite(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsEmpty)
        {
            return text;
        }

        StringBuilder? output = null;
        var copied = 0;
        var i = 0;
        while (i < text.Length)
        {
            if (!StartsPart(text, i) || (i > 0 && IsChainChar(text[i - 1])))
            {
                i++;
                continue;
            }

            var parts = ReadChain(text, i);
            if (Replace(parts) is ({ } replacement, var replacedEnd))
            {
                output ??= new StringBuilder(text.Length + 16);
                output.Append(text, copied, i - copied).Append(replacement);
                copied = replacedEnd;
            }

            var end = parts[^1].End;
            i = end;
        }

        if (output is null)
        {
            return text;
        }

        output.Append(text, copied, text.Length - copied);
        return output.ToString();
    }

    /// <summary>Rewrites every string value of a JSON tree in place (keys and <c>id</c> values are left alone).</summary>
    public void RewriteStrings(JsonNode? node)
    {
        if (IsEmpty)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                    {
                        if (key != "id")
                        {
                            var rewritten = Rewrite(text);
                            if (!ReferenceEquals(rewritten, text))
                            {
                                obj[key] = rewritten;
                            }
                        }
                    }
                    else
                    {
                        RewriteStrings(value);
                    }
                }

                break;
            case JsonArray array:
                for (var index = 0; index < array.Count; index++)
                {
                    if (array[index] is JsonValue leaf && leaf.TryGetValue<string>(out var text))
                    {
                        var rewritten = Rewrite(text);
                        if (!ReferenceEquals(rewritten, text))
                        {
                            array[index] = rewritten;
                        }
                    }
                    else
                    {
                        RewriteStrings(array[index]);
                    }
                }

                break;
        }
    }

    private readonly record struct Part(int Start, int End, string Name, bool Quoted);

    /// <summary>The new text for the start of the chain and where the replaced part ends; null when nothing matches.</summary>
    private (string Text, int End)? Replace(List<Part> parts)
    {
        if (parts.Count >= 2 && _schemas.TryGetValue(parts[0].Name + "." + parts[1].Name, out var schemaTarget))
        {
            return (Quote(schemaTarget[0], parts[0].Quoted) + "." + Quote(schemaTarget[1], parts[1].Quoted), parts[1].End);
        }

        // A lone word is not a catalog reference: a catalog is always followed by .schema.
        if (parts.Count >= 2 && _catalogs.TryGetValue(parts[0].Name, out var catalogTarget))
        {
            return (Quote(catalogTarget[0], parts[0].Quoted), parts[0].End);
        }

        return null;
    }

    private static string Quote(string name, bool quoted) => quoted ? "`" + name + "`" : name;

    private static List<Part> ReadChain(string text, int start)
    {
        var parts = new List<Part>();
        var i = start;
        while (true)
        {
            var part = ReadPart(text, i);
            if (part is null)
            {
                break;
            }

            parts.Add(part.Value);
            i = part.Value.End;
            if (i + 1 < text.Length && text[i] == '.' && StartsPart(text, i + 1))
            {
                i++;
                continue;
            }

            break;
        }

        return parts;
    }

    private static Part? ReadPart(string text, int start)
    {
        if (start >= text.Length)
        {
            return null;
        }

        if (text[start] == '`')
        {
            var close = text.IndexOf('`', start + 1);
            return close <= start + 1 ? null : new Part(start, close + 1, text[(start + 1)..close], true);
        }

        var end = start;
        while (end < text.Length && IsWordChar(text[end]))
        {
            end++;
        }

        return end == start ? null : new Part(start, end, text[start..end], false);
    }

    private static bool StartsPart(string text, int i) =>
        IsWordChar(text[i]) || (text[i] == '`' && i + 1 < text.Length && text.IndexOf('`', i + 1) > i + 1);

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    // A chain that continues from the left (x.dev, my_dev, `a`.dev, $dev) is not a reference to the catalog dev.
    private static bool IsChainChar(char c) => IsWordChar(c) || c is '.' or '`' or '$';

    private static string[] SplitName(string name, string what)
    {
        var parts = (name ?? string.Empty).Trim().Split('.');
        if (parts.Length is < 1 or > 2 || parts.Any(p => p.Length == 0 || !p.All(IsWordChar)))
        {
            throw Invalid($"The {what} '{name}' is not a catalog or catalog.schema name (letters, digits and underscores).");
        }

        return parts;
    }

    private static GenieObservabilityException Invalid(string message) =>
        new("Invalid -CatalogMap entry " + message, "InvalidCatalogMap", GenieErrorCategory.InvalidArgument);
}
