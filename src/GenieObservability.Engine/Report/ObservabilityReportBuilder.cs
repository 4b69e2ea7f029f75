using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Report.Sections;

namespace GenieObservability.Engine.Report;

/// <summary>
/// Export-GenieObservabilityReport: checks the request, runs the sections' queries through one warehouse, and writes
/// one self-contained HTML file (inline CSS, SVG and script, no request of any kind) with the figures also as JSON.
/// The file is written whole or not at all.
/// </summary>
public sealed class ObservabilityReportBuilder(AnalyticsSource source, TimeProvider? clock = null)
{
    /// <summary>The sections in page order. The first decides whether the warehouse is empty.</summary>
    public static IReadOnlyList<Func<IReportSection>> DefaultSections { get; } =
    [
        () => new KpiSection(),
        () => new TrendSection(),
        () => new SpacesSection(),
        () => new QualitySection(),
        () => new OutcomeSection(),
        () => new FailureSection(),
        () => new QueryPerformanceSection(),
        () => new WorklistSection(),
        () => new UsersSection(),
        () => new PipelineHealthSection(),
    ];

    /// <summary>Fails, before any query, on a path that cannot be written (missing folder, a folder, an existing file with NoClobber).</summary>
    public static string CheckPath(ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrWhiteSpace(request.Path))
        {
            throw new GenieObservabilityException("-Path is required: the HTML file to write, e.g. ./genie-report.html.", "ReportPathMissing", GenieErrorCategory.InvalidArgument);
        }

        var path = Path.GetFullPath(request.Path);
        if (Directory.Exists(path))
        {
            throw new GenieObservabilityException($"{path} is a folder: give the path of the HTML file to write, e.g. {Path.Combine(path, "genie-report.html")}.", "ReportPathIsFolder", GenieErrorCategory.InvalidArgument);
        }

        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
        {
            throw new GenieObservabilityException($"The folder {folder} does not exist: create it first (New-Item -ItemType Directory) or choose another -Path.", "ReportFolderMissing", GenieErrorCategory.ObjectNotFound);
        }

        if (request.NoClobber && File.Exists(path))
        {
            throw new GenieObservabilityException($"{path} already exists and -NoClobber was given: choose another -Path or leave out -NoClobber to replace it.", "ReportFileExists", GenieErrorCategory.ResourceExists);
        }

        return path;
    }

    public async Task<GenieObservabilityReport> WriteAsync(ReportRequest request, CancellationToken cancellationToken) =>
        await WriteAsync(request, DefaultSections.Select(create => create()).ToList(), cancellationToken).ConfigureAwait(false);

    public async Task<GenieObservabilityReport> WriteAsync(ReportRequest request, IReadOnlyList<IReportSection> sections, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sections);
        var path = CheckPath(request);
        var window = new AnalyticsWindow((clock ?? TimeProvider.System).GetUtcNow(), request.Days, request.WorkspaceIds);
        await source.PrepareAsync(window, cancellationToken).ConfigureAwait(false);
        var title = string.IsNullOrWhiteSpace(request.Title) ? ReportRequest.DefaultTitle : request.Title.Trim();
        var context = new ReportContext(source, window, title);
        var kpis = sections.OfType<KpiSection>().FirstOrDefault() ?? throw new ArgumentException("The report needs its KPI section.", nameof(sections));
        await kpis.LoadAsync(context, cancellationToken).ConfigureAwait(false);
        var shown = context.IsEmpty ? [kpis] : sections;
        foreach (var section in shown.Where(s => s != kpis))
        {
            await section.LoadAsync(context, cancellationToken).ConfigureAwait(false);
        }

        var html = new HtmlWriter();
        ReportDocument.Open(html, title);
        html.Start("header").Element("h1", title);
        kpis.WriteFreshness(html, context);
        html.End("header");
        if (context.IsEmpty)
        {
            html.Start("section", ("class", "empty first"), ("id", "empty"))
                .Element("h2", "No Genie questions yet")
                .Element("p", $"The warehouse ({source.Warehouse.Kind}, {source.Warehouse.Tables.SchemaName}) holds no Genie question{(window.WorkspaceIds.Count > 0 ? " for these workspaces" : string.Empty)}, so there is nothing to chart. Run the job (Invoke-GenieObservabilityJob) to collect questions from the audit log and the Genie API, then export the report again.")
                .End("section");
        }
        else
        {
            html.Start("nav", ("class", "toc"), ("aria-label", "Sections"));
            foreach (var section in shown)
            {
                html.Element("a", section.Title, ("href", "#" + section.Id));
            }

            html.End("nav");
            var first = true;
            foreach (var section in shown)
            {
                html.Start("section", ("id", section.Id), ("class", first ? "first" : null), ("aria-labelledby", section.Id + "-heading"))
                    .Element("h2", section.Title, ("id", section.Id + "-heading"));
                section.WriteHtml(html, context);
                html.End("section").Raw("\n");
                first = false;
            }
        }

        ReportDocument.Close(html, DataJson(context, shown), $"GenieObservability {ReportDocument.Version} · figures of sql/genie_observability_queries.sql (and its embedded twin) as of {ReportFormat.Time(window.AsOf)} · definitions in the module's README · the same figures as JSON in the element #{ReportDocument.DataBlockId}.");
        var bytes = new UTF8Encoding(false).GetBytes(html.ToString());
        IO.AtomicFile.WriteAllBytes(path, bytes);
        return new GenieObservabilityReport
        {
            Path = path,
            Title = title,
            AsOf = window.AsOf,
            Days = window.Days,
            WindowStart = window.Start,
            WorkspaceIds = window.WorkspaceIds,
            Questions = kpis.Questions,
            Users = kpis.Users,
            ActiveSpaces = kpis.ActiveSpaces,
            AnswerRate = kpis.AnswerRate,
            Satisfaction = kpis.Rated > 0 ? kpis.Satisfaction : null,
            FetchCoverage = kpis.FetchCoverage,
            LastIngestionAt = kpis.LastIngestionAt,
            LatestQuestionAt = kpis.LatestQuestionAt,
            IsEmpty = context.IsEmpty,
            Bytes = bytes.LongLength,
        };
    }

    private static string DataJson(ReportContext context, IReadOnlyList<IReportSection> sections)
    {
        using var buffer = new MemoryStream();
        // The default encoder escapes <, > and & (and every non-ASCII character), so the block cannot end its script element early.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.Default }))
        {
            var window = context.Window;
            json.WriteStartObject();
            json.WriteNumber("schema_version", 1);
            json.WriteString("generator", "GenieObservability " + ReportDocument.Version);
            json.WriteString("title", context.Title);
            json.WriteString("as_of", ReportFormat.Iso(window.AsOf));
            json.WriteNumber("days", window.Days);
            json.WriteString("window_start", ReportFormat.Iso(window.Start));
            json.WriteStartArray("workspace_ids");
            foreach (var id in window.WorkspaceIds)
            {
                json.WriteStringValue(id);
            }

            json.WriteEndArray();
            json.WriteBoolean("empty", context.IsEmpty);
            json.WriteStartObject("sections");
            foreach (var section in sections)
            {
                json.WritePropertyName(section.Id);
                section.WriteData(json, context);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
