using System.Globalization;
using System.Runtime.CompilerServices;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Schema;
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
        var performance = await QueryPerformanceAsync(by, window, cancellationToken).ConfigureAwait(false);
        await foreach (var row in source.QueryAsync(query, parameters, cancellationToken).ConfigureAwait(false))
        {
            var usage = ToUsage(by, row);
            if (evaluations.TryGetValue((usage.WorkspaceId ?? string.Empty, usage.SpaceId ?? string.Empty), out var evaluation))
            {
                (usage.EvaluationAccuracy, usage.EvaluatedAt) = evaluation;
            }

            if (performance is not null)
            {
                ApplyQueryPerformance(usage, performance.GetValueOrDefault(GroupKey(by, usage)));
            }

            yield return usage;
        }
    }

    /// <summary>
    /// The query_performance rows of the grouping, by <see cref="GroupKey"/> (one small row per group with statements);
    /// null when the warehouse has no message_query_metrics, so the query columns stay empty rather than read 0.
    /// </summary>
    private async Task<Dictionary<string, SqlRow>?> QueryPerformanceAsync(GenieUsageGrouping by, AnalyticsWindow window, CancellationToken cancellationToken)
    {
        if (!source.Has(ObservabilityTables.QueryMetrics.Name))
        {
            return null;
        }

        var parameters = window.Parameters();
        parameters["group_by"] = by.ToString().ToLowerInvariant();
        var found = new Dictionary<string, SqlRow>(StringComparer.Ordinal);
        await foreach (var row in source.QueryAsync("query_performance", parameters, cancellationToken).ConfigureAwait(false))
        {
            var key = GroupKey(by, new GenieUsage
            {
                PeriodStart = row.GetTimestamp("period_start"),
                WorkspaceId = row.GetString("workspace_id"),
                SpaceId = row.GetString("space_id"),
                User = row.GetString("user_name"),
            });
            found[key] = row;
        }

        return found;
    }

    /// <summary>What identifies a usage row of the grouping (and the query_performance row of the same group).</summary>
    private static string GroupKey(GenieUsageGrouping by, GenieUsage usage) => by switch
    {
        GenieUsageGrouping.Day or GenieUsageGrouping.Week or GenieUsageGrouping.Month => usage.PeriodStart?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        GenieUsageGrouping.Space => $"{usage.WorkspaceId}/{usage.SpaceId}",
        GenieUsageGrouping.User => usage.User ?? string.Empty,
        _ => usage.WorkspaceId ?? string.Empty,
    };

    /// <summary>The query columns of a usage row: zeros when its questions have no statement, else the group's figures.</summary>
    private static void ApplyQueryPerformance(GenieUsage usage, SqlRow? row)
    {
        ArgumentNullException.ThrowIfNull(usage);
        usage.QueryStatements = row?.GetCount("statements") ?? 0;
        usage.QueriesMeasured = row?.GetCount("measured") ?? 0;
        usage.QueriesFailed = row?.GetCount("failed") ?? 0;
        usage.QueriesCanceled = row?.GetCount("canceled") ?? 0;
        usage.QueriesPending = row?.GetCount("pending") ?? 0;
        usage.QueriesNotAvailable = row?.GetCount("not_available") ?? 0;
        usage.QueriesNotLookedUp = row?.GetCount("not_looked_up") ?? 0;
        usage.QueryFailureShare = row?.GetDouble("failure_share");
        usage.QueryDurationMedianMs = row?.GetDouble("median_duration_ms");
        usage.QueryDurationP95Ms = row?.GetDouble("p95_duration_ms");
    }

    /// <summary>The latest evaluation per space (space_evaluations, one small row per evaluated space); none before the table exists.</summary>
    private async Task<Dictionary<(string, string), (double? Accuracy, DateTimeOffset? At)>> EvaluationsAsync(AnalyticsWindow window, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), (double?, DateTimeOffset?)>();
        if (!source.Has(EvaluationTables.EvalRuns.Name))
        {
            return found;
        }

        await foreach (var row in source.QueryAsync("space_evaluations", window.Parameters(), cancellationToken).ConfigureAwait(false))
        {
            found[(row.GetString("workspace_id") ?? string.Empty, row.GetString("space_id") ?? string.Empty)] = (row.GetDouble("accuracy"), row.GetTimestamp("evaluated_at"));
        }

        return found;
    }

    /// <summary>One usage row; the columns a grouping lacks stay null.</summary>
    public static GenieUsage ToUsage(GenieUsageGrouping by, SqlRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        string? Text(string column) => row.HasColumn(column) ? row.GetString(column) : null;
        DateTimeOffset? Time(string column) => row.HasColumn(column) ? row.GetTimestamp(column) : null;
        var usage = new GenieUsage
        {
            By = by,
            PeriodStart = Time("period_start"),
            WorkspaceId = Text("workspace_id"),
            WorkspaceName = Text("workspace_name"),
            SpaceId = Text("space_id"),
            SpaceTitle = Text("space_title"),
            User = Text("user_name"),
            Questions = row.GetCount("questions"),
            Conversations = row.GetCount("conversations"),
            Users = by == GenieUsageGrouping.User ? 1 : row.GetCount("users"),
            Spaces = row.HasColumn("spaces") ? row.GetInt64("spaces") : null,
            Answered = row.GetCount("answered"),
            AnsweredWithSql = row.GetCount("answered_sql"),
            AnsweredWithText = row.GetCount("answered_text"),
            Failed = row.GetCount("failed"),
            Cancelled = row.GetCount("cancelled"),
            Pending = row.GetCount("pending"),
            AnswerRate = row.GetDouble("answer_rate"),
            Rated = row.GetCount("rated"),
            Positive = row.GetCount("positive"),
            Negative = row.GetCount("negative"),
            Satisfaction = row.GetDouble("satisfaction"),
            LastQuestionAt = Time("last_question_at"),
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
