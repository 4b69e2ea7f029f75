using System.Runtime.CompilerServices;
using System.Text;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>Reads gold (genie_space_metrics) and genie_pipeline_validation; a table not built yet reads as empty with a warning.</summary>
public sealed class PipelineTablesReader(IWarehouse warehouse)
{
    public async IAsyncEnumerable<GenieSpaceMetric> SpaceMetricsAsync(IReadOnlyList<string> workspaceIds, IReadOnlyList<string> spaceIds, IOperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        ArgumentNullException.ThrowIfNull(spaceIds);
        ArgumentNullException.ThrowIfNull(log);
        if (!await ExistsAsync("genie_space_metrics", log, cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        var parameters = new Dictionary<string, object?>();
        var sql = new StringBuilder("SELECT workspace_id, workspace_name, space_id, conversation_count, message_count, user_count, first_event_time, last_event_time FROM ")
            .Append(warehouse.Tables.SpaceMetrics).Append(" WHERE 1 = 1");
        AppendIn(sql, "workspace_id", "workspace", workspaceIds, parameters);
        AppendIn(sql, "space_id", "space", spaceIds, parameters);
        sql.Append(" ORDER BY message_count DESC, workspace_id, space_id");
        await foreach (var row in warehouse.QueryAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return new GenieSpaceMetric
            {
                WorkspaceId = row.GetString("workspace_id") ?? string.Empty,
                WorkspaceName = row.GetString("workspace_name"),
                SpaceId = row.GetString("space_id") ?? string.Empty,
                ConversationCount = row.GetCount("conversation_count"),
                MessageCount = row.GetCount("message_count"),
                UserCount = row.GetCount("user_count"),
                FirstEventTime = row.GetTimestamp("first_event_time"),
                LastEventTime = row.GetTimestamp("last_event_time"),
            };
        }
    }

    public async Task<GeniePipelineValidation?> ValidationAsync(IOperationLog log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (!await ExistsAsync("genie_pipeline_validation", log, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var sql = "SELECT window_start, window_end, audit_rows_in_window, bronze_rows, silver_rows, duplicate_events, rows_missing_ids, workspaces, spaces, refreshed_at FROM "
            + warehouse.Tables.PipelineValidation;
        await foreach (var row in warehouse.QueryAsync(sql, null, cancellationToken).ConfigureAwait(false))
        {
            return new GeniePipelineValidation
            {
                WindowStart = row.GetTimestamp("window_start"),
                WindowEnd = row.GetTimestamp("window_end"),
                AuditRowsInWindow = row.GetCount("audit_rows_in_window"),
                BronzeRows = row.GetCount("bronze_rows"),
                SilverRows = row.GetCount("silver_rows"),
                DuplicateEvents = row.GetCount("duplicate_events"),
                RowsMissingIds = row.GetCount("rows_missing_ids"),
                Workspaces = row.GetCount("workspaces"),
                Spaces = row.GetCount("spaces"),
                RefreshedAt = row.GetTimestamp("refreshed_at"),
            };
        }

        return null;
    }

    private async Task<bool> ExistsAsync(string table, IOperationLog log, CancellationToken cancellationToken)
    {
        var existing = await ObservabilitySchema.ExistingTablesAsync(warehouse, cancellationToken).ConfigureAwait(false);
        if (existing?.Contains(table) == true)
        {
            return true;
        }

        log.Warning($"{warehouse.Tables.Qualify(table)} does not exist yet: run Invoke-GeniePipelineRefresh first.");
        return false;
    }

    private static void AppendIn(StringBuilder sql, string column, string prefix, IReadOnlyList<string> values, Dictionary<string, object?> parameters)
    {
        if (values.Count == 0)
        {
            return;
        }

        sql.Append(" AND ").Append(column).Append(" IN (");
        for (var i = 0; i < values.Count; i++)
        {
            parameters[prefix + i] = values[i];
            sql.Append(i == 0 ? ":" : ", :").Append(prefix).Append(i);
        }

        sql.Append(')');
    }
}
