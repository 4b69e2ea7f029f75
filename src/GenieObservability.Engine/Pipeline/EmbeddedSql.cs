using System.Text;
using System.Text.RegularExpressions;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// The blocks of sql/embedded/pipeline.duckdb.sql (an embedded resource): "-- @name" starts a block, statements end
/// with ';' at the end of a line, comment lines are dropped, and {schema} becomes the validated schema name.
/// </summary>
internal static partial class EmbeddedSql
{
    public const string ResourceName = "GenieObservability.Engine.Sql.pipeline.duckdb.sql";

    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyList<string>>> Blocks = new(Load);

    /// <summary>The statements of block <paramref name="name"/> for the schema of <paramref name="tables"/>.</summary>
    public static IReadOnlyList<string> Statements(string name, TableNames tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (!Blocks.Value.TryGetValue(name, out var statements))
        {
            throw new InvalidOperationException($"The embedded pipeline SQL has no block '{name}'.");
        }

        return statements.Select(s => s.Replace("{schema}", tables.SchemaName, StringComparison.Ordinal)).ToList();
    }

    /// <summary>The single statement of block <paramref name="name"/>.</summary>
    public static string Statement(string name, TableNames tables) => Statements(name, tables).Single();

    private static Dictionary<string, IReadOnlyList<string>> Load()
    {
        using var stream = typeof(EmbeddedSql).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The engine assembly lacks the resource {ResourceName}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return Parse(reader.ReadToEnd());
    }

    internal static Dictionary<string, IReadOnlyList<string>> Parse(string text)
    {
        var blocks = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        string? name = null;
        var statements = new List<string>();
        var current = new StringBuilder();

        void Close()
        {
            if (current.ToString().Trim() is { Length: > 0 } rest)
            {
                statements.Add(rest);
            }

            if (name is not null)
            {
                blocks[name] = statements;
            }

            statements = [];
            current.Clear();
        }

        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var header = BlockHeader().Match(line);
            if (header.Success)
            {
                Close();
                name = header.Groups[1].Value;
                continue;
            }

            if (line.TrimStart().StartsWith("--", StringComparison.Ordinal) || name is null)
            {
                continue;
            }

            var trimmed = line.TrimEnd();
            if (trimmed.EndsWith(';'))
            {
                current.AppendLine(trimmed[..^1]);
                statements.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.AppendLine(line);
            }
        }

        Close();
        return blocks;
    }

    [GeneratedRegex(@"^--\s*@name\s+([A-Za-z_][A-Za-z0-9_]*)\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex BlockHeader();
}
