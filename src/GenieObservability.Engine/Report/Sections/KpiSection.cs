using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>
/// The first screen: the window and how current the data is, then the headline figures (questions, active users,
/// active spaces, answer rate, satisfaction when anything was rated, fetch coverage), each against the previous window
/// of the same length. Decides whether the warehouse is empty.
/// </summary>
public sealed class KpiSection : IReportSection
{
    private SqlRow? _current;
    private SqlRow? _previous;
    private SqlRow? _freshness;
    private List<SqlRow> _coverage = [];

    public string Id => "kpis";

    public string Title => "At a glance";

    public long Questions => Long(_current, "questions");

    public long Users => Long(_current, "users");

    public long ActiveSpaces => Long(_current, "active_spaces");

    public double? AnswerRate => Double(_current, "answer_rate");

    public double? Satisfaction => Double(_current, "satisfaction");

    public long Rated => Long(_current, "rated");

    /// <summary>Stored / silver messages of the latest refresh window; null before the first refresh.</summary>
    public double? FetchCoverage
    {
        get
        {
            var silver = _coverage.Sum(r => r.GetCount("silver_messages"));
            return silver == 0 ? null : (double)_coverage.Sum(r => r.GetCount("fetched")) / silver;
        }
    }

    public DateTimeOffset? LastIngestionAt => _freshness?.GetTimestamp("last_ingestion_at");

    public DateTimeOffset? LatestQuestionAt => _freshness?.GetTimestamp("latest_question_at");

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kpis = await context.RowsAsync("kpis", cancellationToken).ConfigureAwait(false);
        _current = kpis.FirstOrDefault(r => r.GetString("period") == "current");
        _previous = kpis.FirstOrDefault(r => r.GetString("period") == "previous");
        _freshness = (await context.RowsAsync("freshness", cancellationToken).ConfigureAwait(false)).FirstOrDefault();
        if (context.Source.Has("genie_messages_to_fetch"))
        {
            _coverage = await context.RowsAsync("coverage", cancellationToken).ConfigureAwait(false);
        }

        context.IsEmpty = Long(_freshness, "stored_questions") == 0;
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        var days = context.Window.Days;
        html.Start("div", ("class", "kpis"));
        Card(html, "questions", "Questions", ReportFormat.Count(Questions), Questions, Change(Questions, Long(_previous, "questions"), days), "Questions asked in the window (README: question).");
        Card(html, "users", "Active users", ReportFormat.Count(Users), Users, Change(Users, Long(_previous, "users"), days), "Distinct users who asked at least one question.");
        Card(html, "active_spaces", "Active spaces", ReportFormat.Count(ActiveSpaces), ActiveSpaces, Change(ActiveSpaces, Long(_previous, "active_spaces"), days), "Spaces with at least one question.");
        Card(html, "answer_rate", "Answer rate", ReportFormat.Percent(AnswerRate), AnswerRate, Points(AnswerRate, Double(_previous, "answer_rate"), days), "Answered ÷ questions with an outcome (pending ones excluded).");
        if (Rated > 0)
        {
            Card(html, "satisfaction", "Satisfaction", ReportFormat.Percent(Satisfaction), Satisfaction, $"{ReportFormat.Count(Long(_current, "positive"))} positive, {ReportFormat.Count(Long(_current, "negative"))} negative of {ReportFormat.Count(Rated)} rated", "Share of rated answers that are positive.");
        }
        else
        {
            Card(html, "satisfaction", "Satisfaction", "–", null, "no answer was rated in the window", "Share of rated answers that are positive.");
        }

        var coverage = FetchCoverage;
        Card(html, "fetch_coverage", "Fetch coverage", ReportFormat.Percent(coverage), coverage, coverage is null ? "no pipeline refresh yet" : "of the latest refresh's messages stored", "Messages of the latest refresh window that are stored in message_details.");
        Card(html, "last_ingestion", "Data freshness", ReportFormat.Ago(LastIngestionAt, context.Window.AsOf), ReportFormat.Iso(LastIngestionAt), "last ingestion " + ReportFormat.Time(LastIngestionAt), "When the last successful message ingestion finished.");
        html.End("div");
    }

    /// <summary>The freshness line under the title: window, audit data end, last ingestion and newest question.</summary>
    public void WriteFreshness(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        var window = context.Window;
        var asOf = window.AsOf;
        html.Start("p", ("class", "freshness"))
            .Start("span", ("data-window-start", ReportFormat.Iso(window.Start)), ("data-as-of", ReportFormat.Iso(asOf)))
            .Text($"{window.Days} days, {ReportFormat.Day(DateOnly.FromDateTime(window.Start.UtcDateTime))} to {ReportFormat.Time(asOf)}").End("span")
            .Raw(" · ").Element("span", $"audit data to {ReportFormat.Time(Time("audit_data_to"))}", ("data-audit-data-to", ReportFormat.Iso(Time("audit_data_to"))))
            .Raw(" · ").Element("span", $"last ingestion {ReportFormat.Ago(LastIngestionAt, asOf)} ({ReportFormat.Time(LastIngestionAt)})", ("data-last-ingestion", ReportFormat.Iso(LastIngestionAt)))
            .Raw(" · ").Element("span", $"newest question {ReportFormat.Time(LatestQuestionAt)}", ("data-latest-question", ReportFormat.Iso(LatestQuestionAt)));
        if (Long(_freshness, "failed_runs") is > 0 and var failed)
        {
            html.Raw(" · ").Element("span", $"⚠ {ReportFormat.Count(failed)} failed run(s) in the window", ("class", "warning"));
        }

        if (window.WorkspaceIds.Count > 0)
        {
            html.Raw(" · ").Element("span", "workspaces " + string.Join(", ", window.WorkspaceIds));
        }

        html.End("p");
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        ReportJson.WriteRowOrNull(json, "current", _current);
        ReportJson.WriteRowOrNull(json, "previous", _previous);
        ReportJson.WriteRowOrNull(json, "freshness", _freshness);
        ReportJson.WriteRows(json, "coverage", _coverage);
        json.WritePropertyName("fetch_coverage");
        ReportJson.WriteValue(json, FetchCoverage);
        json.WriteEndObject();
    }

    private DateTimeOffset? Time(string column) => _freshness?.GetTimestamp(column);

    private static long Long(SqlRow? row, string column) => row?.GetCount(column) ?? 0;

    private static double? Double(SqlRow? row, string column) => row?.GetDouble(column);

    /// <summary>One headline figure: label, value, a line of context, the raw value in data-value and a tooltip.</summary>
    internal static void Card(HtmlWriter html, string key, string label, string value, object? raw, string change, string help)
    {
        var data = raw switch
        {
            null => string.Empty,
            long l => l.ToString(System.Globalization.CultureInfo.InvariantCulture),
            double d => ReportFormat.Number(d),
            _ => Convert.ToString(raw, System.Globalization.CultureInfo.InvariantCulture),
        };
        html.Start("div", ("class", "kpi"), ("data-kpi", key), ("data-value", data), ("title", help))
            .Element("div", label, ("class", "kpi-label"))
            .Element("div", value, ("class", "kpi-value"))
            .Element("div", change, ("class", "kpi-change"))
            .End("div");
    }

    private static string Change(long current, long previous, int days) => previous == 0
        ? (current == 0 ? $"none in the previous {days} days either" : $"none in the previous {days} days")
        : current == previous
            ? $"= same as the previous {days} days"
            : $"{(current > previous ? "▲" : "▼")} {ReportFormat.Percent(Math.Abs((double)(current - previous) / previous))} vs previous {days} days ({ReportFormat.Count(previous)})";

    private static string Points(double? current, double? previous, int days)
    {
        if (current is not { } c || previous is not { } p)
        {
            return $"no outcome to compare with the previous {days} days";
        }

        var points = Math.Round((c - p) * 100);
        return points == 0 ? $"= same as the previous {days} days" : $"{(points > 0 ? "▲" : "▼")} {Math.Abs(points):0} pts vs previous {days} days ({ReportFormat.Percent(p)})";
    }
}
