using System.Text.Json;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>The most active users of the window (at most <see cref="Shown"/>; the JSON has the same rows).</summary>
public sealed class UsersSection : IReportSection
{
    public const int Shown = 20;

    private List<SqlRow> _users = [];
    private int _total;

    public string Id => "users";

    public string Title => "Top users";

    public async Task LoadAsync(ReportContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var users = await context.RowsAsync("usage_by_user", cancellationToken).ConfigureAwait(false);
        _total = users.Count;
        _users = users.Take(Shown).ToList();
    }

    public void WriteHtml(HtmlWriter html, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(html);
        if (_users.Count == 0)
        {
            Table.Nothing(html, "No user asked a question in this window.");
            return;
        }

        Table.Start(html, $"The {_users.Count} most active of {ReportFormat.Count(_total)} users", "table-users", ("User", false), ("Questions", true), ("Conversations", true), ("Spaces", true), ("Answer rate", true), ("Failed", true), ("Last question", false));
        foreach (var row in _users)
        {
            html.Start("tr", ("data-user", row.GetString("user_name")));
            Table.Text(html, row.GetString("user_name"));
            Table.Count(html, row.GetCount("questions"), "questions");
            Table.Count(html, row.GetCount("conversations"), "conversations");
            Table.Count(html, row.GetCount("spaces"), "spaces");
            Table.Share(html, row.GetDouble("answer_rate"), "answer_rate");
            Table.Count(html, row.GetCount("failed"), "failed");
            Table.Time(html, row.GetTimestamp("last_question_at"));
            html.End("tr");
        }

        Table.End(html);
    }

    public void WriteData(Utf8JsonWriter json, ReportContext context)
    {
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("total_users", _total);
        ReportJson.WriteRows(json, "rows", _users);
        json.WriteEndObject();
    }
}
