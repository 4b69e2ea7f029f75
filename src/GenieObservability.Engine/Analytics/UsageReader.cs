using System.Globalization;
using System.Runtime.CompilerServices;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Analytics;

/// <summary>Get-GenieUsage: the rows of usage_by_period, usage_by_space, usage_by_user or usage_by_workspace, streamed.</summary>
public sealed class UsageReader(AnalyticsSource source)
{
    public async IAsyncEnumerable<GenieUsage> ReadAsync(GenieUsageGrouping by, AnalyticsWindow window, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        await source.PrepareAsync(window, cancellationToken).ConfigureAwait(false);
        var parameters = window.Parameters();
        var query = by switch
        {
            GenieUsageGrouping.Day or GenieUsageGrouping.Week or GenieUsageGrouping.Month => "usage_by_period",
            GenieUsageGrouping.Space => "usage_by_space",
            GenieUsageGrouping.User => "usage_by_user",
            _ => "usage_by_workspace",
        };
        parameters["period"] = by.ToString().ToLowerInvariant();
        var evaluations = by == GenieUsageGrouping.Space ? await EvaluationsAsync(window, cancellationToken).ConfigureAwait(false) : [];
        await foreach (var row in source.QueryAsync(query, parameters, cancellationToken).ConfigureAwait(false))
        {
            var usage = ToUsage(by, row);
            if (evaluations.TryGetValue((usage.WorkspaceId ?? string.Empty, usage.SpaceId ?? string.Empty), out var evaluation))
            {
                (usage.EvaluationAccuracy, usage.EvaluatedAt) = evaluation;
            }

            yield return usage;
        }
    }

    /// <summary>The latest evaluation per space (space_evaluations, one small row per evaluated space); none before the table exists.</summary>
    private async Task<Dictionary<(string, string), (double? Accuracy, DateTimeOffset? At)>> EvaluationsAsync(AnalyticsWindow window, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), (double?, DateTimeOffset?)>();
        if (!source.Has(Warehouse.EvaluationTables.EvalRuns.Name))
        {
            return found;
        }

        await foreach (var row in source.QueryAsync("space_evaluations", window.Parameters(), cancellationToken).ConfigureAwait(false))
        {
            found[(SqlValues.ToText(row["workspace_id"]) ?? string.Empty, SqlValues.ToText(row["space_id"]) ?? string.Empty)] = (SqlValues.ToDouble(row["accuracy"]), SqlValues.ToOffset(row["evaluated_at"]));
        }

        return found;
    }

    /// <summary>One usage row; the columns a grouping lacks stay null.</summary>
    public static GenieUsage ToUsage(GenieUsageGrouping by, SqlRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        object? Column(string name) => row.Columns.Contains(name, StringComparer.OrdinalIgnoreCase) ? row[name] : null;
        var usage = new GenieUsage
        {
            By = by,
            PeriodStart = SqlValues.ToOffset(Column("period_start")),
            WorkspaceId = SqlValues.ToText(Column("workspace_id")),
            WorkspaceName = SqlValues.ToText(Column("workspace_name")),
            SpaceId = SqlValues.ToText(Column("space_id")),
            SpaceTitle = SqlValues.ToText(Column("space_title")),
            User = SqlValues.ToText(Column("user_name")),
            Questions = SqlValues.ToLong(row["questions"]),
            Conversations = SqlValues.ToLong(row["conversations"]),
            Users = by == GenieUsageGrouping.User ? 1 : SqlValues.ToLong(row["users"]),
            Spaces = Column("spaces") is { } spaces ? SqlValues.ToLong(spaces) : null,
            Answered = SqlValues.ToLong(row["answered"]),
            AnsweredWithSql = SqlValues.ToLong(row["answered_sql"]),
            AnsweredWithText = SqlValues.ToLong(row["answered_text"]),
            Failed = SqlValues.ToLong(row["failed"]),
            Cancelled = SqlValues.ToLong(row["cancelled"]),
            Pending = SqlValues.ToLong(row["pending"]),
            AnswerRate = SqlValues.ToDouble(row["answer_rate"]),
            Rated = SqlValues.ToLong(row["rated"]),
            Positive = SqlValues.ToLong(row["positive"]),
            Negative = SqlValues.ToLong(row["negative"]),
            Satisfaction = SqlValues.ToDouble(row["satisfaction"]),
            LastQuestionAt = SqlValues.ToOffset(Column("last_question_at")),
        };
        usage.Key = by switch
        {
            GenieUsageGrouping.Day or GenieUsageGrouping.Week => usage.PeriodStart?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty,
            GenieUsageGrouping.Month => usage.PeriodStart?.ToString("yyyy-MM", CultureInfo.InvariantCulture) ?? string.Empty,
            GenieUsageGrouping.Space => usage.SpaceTitle ?? usage.SpaceId ?? string.Empty,
            GenieUsageGrouping.User => usage.User ?? string.Empty,
            _ => usage.WorkspaceName ?? usage.WorkspaceId ?? string.Empty,
        };
        return usage;
    }
}
