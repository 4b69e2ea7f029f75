using System.Globalization;
using System.Text;

namespace GenieObservability.Engine.Report;

/// <summary>
/// Builds the report's HTML and SVG. Every text and attribute value goes through <see cref="Encode"/>; only the
/// module's own markup is written raw, so a question such as <c>&lt;script&gt;</c> shows as text.
/// </summary>
public sealed class HtmlWriter
{
    private readonly StringBuilder _html = new(64 * 1024);

    public int Length => _html.Length;

    /// <summary>Markup the module wrote itself (never user data).</summary>
    public HtmlWriter Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        _html.Append(Encode(text));
        return this;
    }

    /// <summary>An opening tag; attribute values are encoded, null values left out.</summary>
    public HtmlWriter Start(string tag, params (string Name, string? Value)[] attributes)
    {
        _html.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                _html.Append(' ').Append(name).Append("=\"").Append(Encode(value)).Append('"');
            }
        }

        _html.Append('>');
        return this;
    }

    public HtmlWriter End(string tag)
    {
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding only encoded text.</summary>
    public HtmlWriter Element(string tag, string? text, params (string Name, string? Value)[] attributes) => Start(tag, attributes).Text(text).End(tag);

    /// <summary>A self-closed SVG element.</summary>
    public HtmlWriter Empty(string tag, params (string Name, string? Value)[] attributes)
    {
        Start(tag, attributes);
        _html.Length--;
        _html.Append("/>");
        return this;
    }

    public override string ToString() => _html.ToString();

    /// <summary>HTML-encodes text for element content and double-quoted attributes.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                case < ' ' when c is not ('\n' or '\t' or '\r'): builder.Append(' '); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }

    /// <summary>A number for SVG coordinates: invariant, at most one decimal.</summary>
    public static string N(double value) => Math.Round(value, 1).ToString("0.#", CultureInfo.InvariantCulture);
}
