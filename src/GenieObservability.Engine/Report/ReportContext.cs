using GenieObservability.Engine.Analytics;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report;

/// <summary>
/// What sections share while a report is built: the window, the query source, and the rows of each query run so far
/// (a query two sections need runs once). Ids for SVG titles are unique per report.
/// </summary>
public sealed class ReportContext(AnalyticsSource source, AnalyticsWindow window, string title)
{
    private readonly Dictionary<string, List<SqlRow>> _results = new(StringComparer.Ordinal);
    private int _ids;

    public AnalyticsSource Source { get; } = source;

    public AnalyticsWindow Window { get; } = window;

    public string Title { get; } = title;

    /// <summary>True when the warehouse holds no question at all: sections are not drawn, the page says so.</summary>
    public bool IsEmpty { get; set; }

    /// <summary>Rows of a query with the window's parameters (plus <paramref name="extra"/>), run once per report.</summary>
    public async Task<List<SqlRow>> RowsAsync(string query, CancellationToken cancellationToken, params (string Name, object? Value)[] extra)
    {
        var key = query + string.Concat(extra.Select(e => $"|{e.Name}={e.Value}"));
        if (!_results.TryGetValue(key, out var rows))
        {
            var parameters = Window.Parameters();
            foreach (var (name, value) in extra)
            {
                parameters[name] = value;
            }

            rows = await Source.ReadAllAsync(query, parameters, cancellationToken).ConfigureAwait(false);
            _results[key] = rows;
        }

        return rows;
    }

    /// <summary>A fresh id for an element of this report (aria-labelledby targets).</summary>
    public string NewId(string prefix) => $"{prefix}-{++_ids}";
}
