using System.Globalization;
using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Report.Charts;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>Adoption over time: questions per day stacked by the top spaces plus "other" (at most 8 colours), and weekly active users.</summary>
public sealed class TrendSection : IReportSection
{
    /// <summary>Spaces drawn in their own colour; the rest are "Other spaces".</summary>
    public const int TopSpaces = 7;

    private List<ChartSeries> _series = [];
    private IReadOnlyList<DateOnly> _days = [];
    private List<SqlRow> _weeks = [];

    public string Id => "trend";

    public string Title => "Adoption over time";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var spaces = await context.RowsAsync("usage_by_space", cancellationToken).ConfigureAwait(false);
        var daily = await context.RowsAsync("space_daily_questions", cancellationToken).ConfigureAwait(false);
        _weeks = await context.RowsAsync("usage_by_period", cancellationToken, ("period", "week")).ConfigureAwait(false);
        _days = context.Window.DaysInWindow;
        var dayIndex = _days.Select((d, i) => (d, i)).ToDictionary(p => p.d, p => p.i);
        var top = spaces.Take(TopSpaces).Select((row, i) => (Key: SpaceKey.Of(row), Title: row.GetString("space_title") ?? string.Empty, Index: i)).ToList();
        var slot = top.ToDictionary(t => t.Key, t => t.Index);
        var values = Enumerable.Range(0, top.Count + 1).Select(_ => new long[_days.Count]).ToList();
        foreach (var row in daily)
        {
            if (row.GetTimestamp("day")?.UtcDateTime is { } day && dayIndex.TryGetValue(DateOnly.FromDateTime(day), out var d))
            {
                values[slot.TryGetValue(SpaceKey.Of(row), out var s) ? s : top.Count][d] += row.GetCount("questions");
            }
        }

        _series = top.Select(t => new ChartSeries(t.Title, Palette.Categorical[t.Index], values[t.Index])).ToList();
        if (values[top.Count].Any(v => v > 0))
        {
            _series.Add(new ChartSeries($"Other spaces ({spaces.Count - top.Count})", Palette.Other, values[top.Count]));
        }
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentNullException.ThrowIfNull(context);
        html.Element("h3", "Questions per day, by space");
        var total = _series.Sum(s => s.Values.Sum());
        if (total == 0)
        {
            Table.Nothing(html, $"No question was asked in these {context.Window.Days} days.");
        }
        else
        {
            var busiest = _days.Select((d, i) => (d, t: _series.Sum(s => s.Values[i]))).MaxBy(p => p.t);
            StackedColumnChart.Write(
                html,
                context,
                "Questions per day, stacked by space",
                $"{ReportFormat.Count(total)} questions over {_days.Count} days; the busiest day was {ReportFormat.Day(busiest.d)} with {ReportFormat.Count(busiest.t)}. The legend lists each space's total; the table below has every day.",
                _days,
                _series);
            html.Start("details").Element("summary", "Questions per day as a table");
            Table.Start(html, "Questions per day", "table-daily", [("Day", false), .. _series.Select(s => (s.Name, true)), ("Total", true)]);
            for (var d = 0; d < _days.Count; d++)
            {
                html.Start("tr", ("data-day", ReportFormat.Day(_days[d])));
                Table.Text(html, ReportFormat.Day(_days[d]));
                foreach (var s in _series)
                {
                    Table.Count(html, s.Values[d]);
                }

                Table.Count(html, _series.Sum(s => s.Values[d]), "total");
                html.End("tr");
            }

            Table.End(html);
            html.End("details");
        }

        html.Element("h3", "Weekly active users");
        if (_weeks.Count == 0)
        {
            Table.Nothing(html, "No user asked a question in this window.");
            return;
        }

        var points = _weeks.Select(w =>
        {
            var start = DateOnly.FromDateTime(w.GetTimestamp("period_start")!.Value.UtcDateTime);
            return (Label: "wk " + ReportFormat.ShortDay(start), Key: ReportFormat.Day(start), Value: w.GetCount("users"));
        }).ToList();
        LineChart.Write(
            html,
            context,
            "Weekly active users",
            $"Distinct users per week (weeks start on Monday; the first and last weeks of the window may be partial): {string.Join(", ", points.Select(p => $"{p.Key} {p.Value}"))}.",
            points,
            Palette.Categorical[0]);
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteStartArray("days");
        foreach (var day in _days)
        {
            json.WriteStringValue(ReportFormat.Day(day));
        }

        json.WriteEndArray();
        json.WriteStartArray("series");
        foreach (var s in _series)
        {
            json.WriteStartObject();
            json.WriteString("name", s.Name);
            json.WriteString("color", s.Color);
            json.WriteStartArray("questions");
            foreach (var v in s.Values)
            {
                json.WriteNumberValue(v);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        ReportJson.WriteRows(json, "weeks", _weeks);
        json.WriteEndObject();
    }
}
