using System.Text;
using System.Text.RegularExpressions;

namespace GenieObservability.Emulator;

/// <summary>
/// Lets the emulator's DuckDB run the Databricks SQL the product sends: drops Delta-only clauses (USING DELTA,
/// CLUSTER BY, COMMENT, TBLPROPERTIES), maps the catalog <c>main</c> (a reserved name in DuckDB) to the emulator's
/// database, reads <c>catalog.information_schema</c> from DuckDB's one information_schema, and turns <c>:name</c>
/// markers into DuckDB's <c>$name</c>. Databricks functions DuckDB lacks or defines differently are renamed to macros
/// with Databricks' meaning (<see cref="MacrosSql"/>, created on every connection). String literals are never touched.
/// </summary>
internal static partial class DatabricksSqlTranslator
{
    public const string MainCatalog = "dbx_main";

    /// <summary>Databricks <c>date_sub(start_date, num_days)</c>; DuckDB's date_sub(part, start, end) counts a difference.</summary>
    public const string MacrosSql = "CREATE OR REPLACE TEMP MACRO dbx_date_sub(start_date, num_days) AS CAST(start_date AS DATE) - CAST(num_days AS INTEGER)";

    public static (string Sql, List<string> Parameters) Translate(string sql)
    {
        var parameters = new List<string>();
        var output = new StringBuilder(sql.Length);
        var code = new StringBuilder();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c is '\'' or '"' or '`')
            {
                var end = EndOfQuoted(sql, i, c);
                var literal = sql[i..end];
                i = end;
                var before = TranslateCode(code.ToString(), parameters);
                code.Clear();
                if (c == '\'' && CommentKeyword().IsMatch(before))
                {
                    // COMMENT 'text': DuckDB has no inline comments; drop both.
                    output.Append(CommentKeyword().Replace(before, " "));
                    continue;
                }

                output.Append(before);

                // DuckDB takes backslashes literally; Databricks escapes quotes with them.
                output.Append(c == '\'' ? "'" + literal[1..^1].Replace("\\'", "''", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) + "'" : literal);
            }
            else if (c == '-' && i + 1 < sql.Length && sql[i + 1] == '-')
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
            }
            else
            {
                code.Append(c);
                i++;
            }
        }

        output.Append(TranslateCode(code.ToString(), parameters));

        // Delta's ALTER TABLE ... ADD COLUMNS (name TYPE) (its COMMENT already dropped); DuckDB adds one column, no parentheses.
        return (AddColumns().Replace(output.ToString(), "ADD COLUMN $1"), parameters);
    }

    private static string TranslateCode(string code, List<string> parameters)
    {
        code = UsingDelta().Replace(code, " ");
        code = ClusterBy().Replace(code, " ");
        code = InformationSchema().Replace(code, "information_schema.");
        code = MainCatalogPrefix().Replace(code, MainCatalog + ".");
        code = DateSub().Replace(code, "dbx_date_sub(");
        return Marker().Replace(code, match =>
        {
            parameters.Add(match.Groups[1].Value);
            return "$" + match.Groups[1].Value;
        });
    }

    private static int EndOfQuoted(string sql, int start, char quote)
    {
        var i = start + 1;
        while (i < sql.Length)
        {
            if (quote == '\'' && sql[i] == '\\' && i + 1 < sql.Length)
            {
                i += 2;
                continue;
            }

            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return sql.Length;
    }

    [GeneratedRegex(@"\bCOMMENT\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex CommentKeyword();

    [GeneratedRegex(@"\bADD\s+COLUMNS?\s*\(\s*([A-Za-z_][A-Za-z0-9_]*\s+[A-Za-z]+)\s*\)", RegexOptions.IgnoreCase)]
    private static partial Regex AddColumns();

    [GeneratedRegex(@"\bUSING\s+DELTA\b", RegexOptions.IgnoreCase)]
    private static partial Regex UsingDelta();

    [GeneratedRegex(@"\bCLUSTER\s+BY\s*\([^)]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex ClusterBy();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\.information_schema\.", RegexOptions.IgnoreCase)]
    private static partial Regex InformationSchema();

    [GeneratedRegex(@"(?<![\w.$])main\.(?=[A-Za-z_])", RegexOptions.IgnoreCase)]
    private static partial Regex MainCatalogPrefix();

    [GeneratedRegex(@"(?<![\w.])date_sub\s*\(", RegexOptions.IgnoreCase)]
    private static partial Regex DateSub();

    [GeneratedRegex(@"(?<![:\w]):([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Marker();
}
