using System.Runtime.CompilerServices;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Analytics;

/// <summary>Get-GenieQueryMetric: the rows of the slowest_queries query (measured statements with their question), slowest first, streamed.</summary>
public sealed class QueryMetricReader(AnalyticsSource source)
{
    public async IAsyncEnumerable<GenieQueryMetric> ReadAsync(QueryMetricQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.First < 1)
        {
            throw new GenieObservabilityException("-First must be at least 1.", "InvalidFirst", GenieErrorCategory.InvalidArgument);
        }

        var statuses = query.Statuses.Select(s => s.Trim().ToUpperInvariant()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var unknown = statuses.Except(QueryMetricQuery.FinalStatuses, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new GenieObservabilityException(
                $"-Status {string.Join(", ", unknown)} is not a final statement status: use {string.Join(", ", QueryMetricQuery.FinalStatuses)}.",
                "InvalidStatus",
                GenieErrorCategory.InvalidArgument);
        }

        await source.PrepareAsync(query.Window, cancellationToken).ConfigureAwait(false);
        if (!source.Has(ObservabilityTables.QueryMetrics.Name))
        {
            throw new GenieObservabilityException(
                $"The warehouse has no {source.Warehouse.Tables.QueryMetrics}: run Install-GenieObservabilitySchema, then Sync-GenieQueryMetric (or the job, Invoke-GenieObservabilityJob) to look up the answers' query performance.",
                "QueryMetricsTableMissing",
                GenieErrorCategory.ObjectNotFound);
        }

        var parameters = query.Window.Parameters();
        parameters["status_filter"] = string.Join(',', statuses);
        parameters["row_limit"] = query.First;
        await foreach (var row in source.QueryAsync("slowest_queries", parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return ToQueryMetric(row);
        }
    }

    public static GenieQueryMetric ToQueryMetric(SqlRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new GenieQueryMetric
        {
            WorkspaceId = row.GetString("workspace_id") ?? string.Empty,
            WorkspaceName = row.GetString("workspace_name"),
            SpaceId = row.GetString("space_id") ?? string.Empty,
            SpaceTitle = row.GetString("space_title") ?? string.Empty,
            ConversationId = row.GetString("conversation_id") ?? string.Empty,
            MessageId = row.GetString("message_id") ?? string.Empty,
            StatementId = row.GetString("statement_id") ?? string.Empty,
            User = row.GetString("user_name"),
            AskedAt = row.GetTimestamp("asked_at"),
            Question = row.GetString("question"),
            Sql = row.GetString("query_sql"),
            Status = row.GetString("status"),
            TotalDurationMs = row.GetCount("total_duration_ms"),
            ExecutionDurationMs = row.GetInt64("execution_duration_ms"),
            QueueDurationMs = row.GetInt64("queue_duration_ms"),
            RowsProduced = row.GetInt64("rows_produced"),
            BytesRead = row.GetInt64("bytes_read"),
            FromResultCache = row.GetBoolean("from_result_cache"),
            WarehouseId = row.GetString("warehouse_id"),
            Error = row.GetString("error_message"),
            StartTime = row.GetTimestamp("start_time"),
            EndTime = row.GetTimestamp("end_time"),
        };
    }
}
