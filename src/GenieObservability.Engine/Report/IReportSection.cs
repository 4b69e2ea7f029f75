using System.Text.Json;

namespace GenieObservability.Engine.Report;

/// <summary>
/// One section of the report, self-contained: it reads the figures it needs through the shared queries, renders its
/// HTML (charts as inline SVG with a text alternative) and writes those same figures into the report's JSON data block
/// under <see cref="Id"/>. A new section is one class added to <see cref="ObservabilityReportBuilder.DefaultSections"/>.
/// </summary>
public interface IReportSection
{
    /// <summary>Anchor id in the page and key under "sections" in the JSON data block.</summary>
    string Id { get; }

    /// <summary>Heading shown above the section (and in the page's table of contents).</summary>
    string Title { get; }

    Task LoadAsync(ReportContext context, CancellationToken cancellationToken);

    /// <summary>The section's body, inside a &lt;section&gt; the builder writes with the heading.</summary>
    void WriteHtml(HtmlWriter html, ReportContext context);

    /// <summary>The figures behind the section, as one JSON object.</summary>
    void WriteData(Utf8JsonWriter json, ReportContext context);
}
