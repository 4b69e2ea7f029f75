using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>
/// Whether answers help: satisfaction (share of rated answers that are positive) per week and per space, and the latest
/// evaluation (benchmark) accuracy per space. Where nothing was rated or no run was synced the section says so in words
/// and draws nothing, instead of showing a 0% that did not happen.
/// </summary>
public sealed class QualitySection : IReportSection
{
    private const string EvalRunsTable = "genie_space_eval_runs";

    private List<SqlRow> _weeks = [];
    private List<SqlRow> _ratedSpaces = [];
    private int _unratedSpaces;
    private List<SqlRow> _evaluations = [];
    private bool _evaluationsSynced;

    public string Id => "quality";

    public string Title => "Satisfaction and accuracy";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        _weeks = (await context.RowsAsync("usage_by_period", cancellationToken, ("period", "week")).ConfigureAwait(false))
            .Where(w => w.GetInt64("rated") > 0).ToList();
        var spaces = await context.RowsAsync("usage_by_space", cancellationToken).ConfigureAwait(false);
        _ratedSpaces = spaces.Where(s => s.GetInt64("rated") > 0).OrderBy(s => s.GetDouble("satisfaction")).ThenByDescending(s => s.GetInt64("rated")).ToList();
        _unratedSpaces = spaces.Count - _ratedSpaces.Count;
        _evaluationsSynced = context.Source.Has(EvalRunsTable);
        _evaluations = _evaluationsSynced ? await context.RowsAsync("space_evaluations", cancellationToken).ConfigureAwait(false) : [];
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        html.Element("h3", "Satisfaction per week");
        if (_weeks.Count == 0)
        {
            Table.Nothing(html, "No ratings yet: no answer in this window was rated thumbs up or down, so there is no satisfaction to show.");
        }
        else
        {
            var points = _weeks.Select(w =>
            {
                var week = DateOnly.FromDateTime(w.GetTimestamp("period_start")?.UtcDateTime ?? DateTime.MinValue);
                return (ReportFormat.ShortDay(week), ReportFormat.Day(week), (long)Math.Round(100 * (w.GetDouble("satisfaction") ?? 0)));
            }).ToList();
            LineChart.Write(
                html,
                context,
                "Satisfaction per week, % of rated answers that are positive",
                $"Weeks with at least one rated answer (weeks start on Monday): {string.Join(", ", points.Select(p => $"{p.Item2} {p.Item3}%"))}.",
                points,
                Palette.Categorical[2],
                percent: true);
            Table.Start(html, "Rated answers per week", "table-satisfaction-weeks", ("Week", false), ("Rated", true), ("Positive", true), ("Negative", true), ("Satisfaction", true));
            foreach (var week in _weeks)
            {
                html.Start("tr");
                Table.Text(html, ReportFormat.Day(DateOnly.FromDateTime(week.GetTimestamp("period_start")?.UtcDateTime ?? DateTime.MinValue)));
                RatingCells(html, week);
                html.End("tr");
            }

            Table.End(html);
        }

        html.Element("h3", "Satisfaction per space");
        if (_ratedSpaces.Count == 0)
        {
            Table.Nothing(html, "No ratings yet in any space of this window.");
        }
        else
        {
            Table.Start(html, "Spaces with rated answers, least satisfied first", "table-satisfaction-spaces", ("Space", false), ("Rated", true), ("Positive", true), ("Negative", true), ("Satisfaction", true));
            foreach (var row in _ratedSpaces)
            {
                html.Start("tr", ("data-quality-space-id", row.GetString("space_id")), ("data-workspace-id", row.GetString("workspace_id")));
                Table.Text(html, row.GetString("space_title"), row.GetString("space_id"));
                RatingCells(html, row);
                html.End("tr");
            }

            Table.End(html);
            if (_unratedSpaces > 0)
            {
                html.Element("p", $"{ReportFormat.Count(_unratedSpaces)} other space{(_unratedSpaces == 1 ? " has" : "s have")} questions in the window but no ratings yet.", ("class", "nothing"));
            }
        }

        html.Element("h3", "Latest evaluation accuracy");
        if (!_evaluationsSynced || _evaluations.Count == 0)
        {
            Table.Nothing(html, "No evaluation runs synced yet: when spaces have benchmark runs, Sync-GenieSpaceEvaluation stores them and their accuracy shows here.");
            return;
        }

        Table.Start(html, "Each evaluated space's latest finished benchmark run (accuracy = questions assessed GOOD ÷ questions)", "table-evaluations", ("Space", false), ("Evaluated", false), ("Questions", true), ("Correct", true), ("Needs review", true), ("Accuracy", true), ("Previous run", true));
        foreach (var row in _evaluations)
        {
            html.Start("tr", ("data-quality-space-id", row.GetString("space_id")), ("data-workspace-id", row.GetString("workspace_id")));
            Table.Text(html, row.GetString("space_title"), row.GetString("space_id"));
            Table.Time(html, row.GetTimestamp("evaluated_at"));
            Table.Count(html, row.GetCount("num_questions"), "num_questions");
            Table.Count(html, row.GetCount("num_correct"), "num_correct");
            Table.Count(html, row.GetCount("num_needs_review"), "num_needs_review");
            Table.Share(html, row.GetDouble("accuracy"), "accuracy");
            Table.Share(html, row.GetDouble("previous_accuracy"), "previous_accuracy");
            html.End("tr");
        }

        Table.End(html);
    }

    /// <summary>Rated, positive, negative and satisfaction cells of a usage row (a week or a space).</summary>
    private static void RatingCells(HtmlWriter html, SqlRow row)
    {
        Table.Count(html, row.GetCount("rated"), "rated");
        Table.Count(html, row.GetCount("positive"), "positive");
        Table.Count(html, row.GetCount("negative"), "negative");
        Table.Share(html, row.GetDouble("satisfaction"), "satisfaction");
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        ReportJson.WriteRows(json, "rated_weeks", _weeks);
        ReportJson.WriteRows(json, "rated_spaces", _ratedSpaces);
        json.WriteNumber("unrated_spaces", _unratedSpaces);
        json.WriteBoolean("evaluations_synced", _evaluationsSynced);
        ReportJson.WriteRows(json, "evaluations", _evaluations);
        json.WriteEndObject();
    }
}
