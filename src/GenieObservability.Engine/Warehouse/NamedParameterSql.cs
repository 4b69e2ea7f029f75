using System.Text;

namespace GenieObservability.Engine.Warehouse;

/// <summary>How a backend marks parameters in SQL text.</summary>
public enum ParameterMarkerStyle
{
    /// <summary>DuckDB: <c>$name</c>.</summary>
    DollarName,

    /// <summary>ODBC: positional <c>?</c>, values bound in order of appearance (a repeated name is bound again).</summary>
    Positional,

    /// <summary>Databricks SQL Statement API: <c>:name</c>, unchanged.</summary>
    ColonName,
}

/// <summary>
/// Rewrites the <c>:name</c> markers of SQL text into a backend's own style. String literals, quoted identifiers,
/// comments and <c>::</c> casts are left alone, so a value such as <c>'a :b'</c> is never mistaken for a marker.
/// </summary>
public static class NamedParameterSql
{
    /// <summary>The rewritten SQL and, in the order the markers appear, the parameter names it uses.</summary>
    public static (string Sql, IReadOnlyList<string> Names) Rewrite(string sql, ParameterMarkerStyle style, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var backslashEscapes = dialect == SqlDialect.Databricks;
        var builder = new StringBuilder(sql.Length);
        var names = new List<string>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                var end = EndOfQuoted(sql, i, c, backslashEscapes);
                builder.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '-' && Next(sql, i) == '-')
            {
                var end = sql.IndexOf('\n', i);
                end = end < 0 ? sql.Length : end;
                builder.Append(sql, i, end - i);
                i = end;
            }
            else if (c == '/' && Next(sql, i) == '*')
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? sql.Length : end + 2;
                builder.Append(sql, i, end - i);
                i = end;
            }
            else if (c == ':' && Next(sql, i) == ':')
            {
                builder.Append("::");
                i += 2;
            }
            else if (c == ':' && IsNameStart(Next(sql, i)) && !IsNamePart(Previous(sql, i)))
            {
                var start = i + 1;
                var end = start;
                while (end < sql.Length && IsNamePart(sql[end]))
                {
                    end++;
                }

                var name = sql[start..end];
                names.Add(name);
                builder.Append(style switch
                {
                    ParameterMarkerStyle.DollarName => "$" + name,
                    ParameterMarkerStyle.Positional => "?",
                    _ => ":" + name,
                });
                i = end;
            }
            else
            {
                builder.Append(c);
                i++;
            }
        }

        return (builder.ToString(), names);
    }

    /// <summary>Fails before anything is sent when the SQL names a parameter the caller did not give.</summary>
    public static void RequireValues(IReadOnlyList<string> names, IReadOnlyDictionary<string, object?>? parameters)
    {
        foreach (var name in names)
        {
            if (parameters is null || !parameters.ContainsKey(name))
            {
                throw new GenieObservabilityException(
                    $"The SQL uses the parameter :{name} but no value was given for it. Pass it in the parameters (e.g. -Parameters @{{ {name} = ... }}).",
                    "MissingSqlParameter",
                    GenieErrorCategory.InvalidArgument);
            }
        }
    }

    private static int EndOfQuoted(string sql, int start, char quote, bool backslashEscapes)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                // A doubled quote is an escaped quote inside the literal.
                if (Next(sql, i) == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            // Databricks string literals also accept backslash escapes; DuckDB and PostgreSQL take a backslash literally.
            if (backslashEscapes && sql[i] == '\\' && quote == '\'' && i + 1 < sql.Length)
            {
                i += 2;
                continue;
            }

            i++;
        }

        return sql.Length;
    }

    private static char Next(string sql, int i) => i + 1 < sql.Length ? sql[i + 1] : '\0';

    private static char Previous(string sql, int i) => i > 0 ? sql[i - 1] : '\0';

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsNamePart(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
