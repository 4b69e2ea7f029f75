using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace GenieObservability.Engine.Report;

/// <summary>
/// The page around the sections: a Content-Security-Policy that allows no request of any kind (only the inline style
/// and the one inline script, by its hash), the stylesheet, the title, and the JSON data block.
/// </summary>
internal static class ReportDocument
{
    public const string DataBlockId = "genie-report-data";

    private static readonly Lazy<string> Css = new(() => Resource("report.css"));
    private static readonly Lazy<string> Script = new(() => Resource("report.js"));

    public static void Open(HtmlWriter html, string title)
    {
        var scriptHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Script.Value)));
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Start("meta", ("http-equiv", "Content-Security-Policy"), ("content", $"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{scriptHash}'; base-uri 'none'; form-action 'none'"))
            .Raw("\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n")
            .Start("meta", ("name", "generator"), ("content", "GenieObservability " + Version)).Raw("\n")
            .Element("title", title).Raw("\n<style>\n").Raw(Css.Value).Raw("</style>\n</head>\n<body>\n<div class=\"page\">\n");
    }

    /// <summary>The data block (JSON with &lt;, &gt; and &amp; escaped, so no text can close the script element), the script, the end.</summary>
    public static void Close(HtmlWriter html, string dataJson, string footer)
    {
        html.Start("footer").Text(footer).End("footer").Raw("\n</div>\n")
            .Raw($"<script type=\"application/json\" id=\"{DataBlockId}\">").Raw(dataJson).Raw("</script>\n")
            .Raw("<script>").Raw(Script.Value).Raw("</script>\n</body>\n</html>\n");
    }

    public static string Version => typeof(ReportDocument).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static string Resource(string name)
    {
        using var stream = typeof(ReportDocument).Assembly.GetManifestResourceStream("GenieObservability.Engine.Report." + name)
            ?? throw new InvalidOperationException($"The engine lacks the report resource {name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
