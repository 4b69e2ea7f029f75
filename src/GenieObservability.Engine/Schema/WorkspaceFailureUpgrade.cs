using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>
/// The one-time upgrade of message_fetch_errors from the earlier failure rule, which counted every failure against the
/// message and stopped offering it after MaxRetries, so a workspace outage (NO_TOKEN, RATE_LIMITED, a 401 for every
/// request, connections that failed, recorded as SERVER_ERROR or TIMEOUT without an HTTP status) made its messages permanent. A table without the
/// failure_scope column is such a table: its unresolved rows of those kinds get retry_count 0 (the connection failures
/// the type WORKSPACE_UNREACHABLE), then the column is added and filled. Rows are changed before the column exists, and
/// nothing the current rule writes can be written without it, so only rows of the earlier rule are ever changed; the
/// install finds the column missing in the same read of information_schema that finds missing tables.
/// </summary>
public static class WorkspaceFailureUpgrade
{
    public static string[] Statements(SqlDialect dialect, TableNames tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var definition = ObservabilityTables.MessageFetchErrors;
        var column = definition.Columns.Single(c => c.Name == ObservabilityTables.FailureScopeColumn);
        return
        [
            $"""
            UPDATE {tables.MessageFetchErrors}
            SET retry_count = 0,
                error_type = CASE WHEN error_type IN (:server_error, :timeout) THEN :unreachable ELSE error_type END
            WHERE coalesce(resolved, FALSE) = FALSE
              AND (error_type IN (:no_token, :rate_limited, :auth_error) OR (error_type IN (:server_error, :timeout) AND http_status IS NULL))
            """,
            ObservabilitySchema.AddColumnDdl(dialect, tables, definition, column),
            $"""
            UPDATE {tables.MessageFetchErrors}
            SET {column.Name} = CASE WHEN error_type IN (:no_token, :rate_limited, :unreachable, :unavailable, :rejected) THEN :workspace ELSE :message END
            WHERE {column.Name} IS NULL
            """,
        ];
    }

    /// <summary>Whether adding <paramref name="column"/> to <paramref name="table"/> is this upgrade (it adds the column itself).</summary>
    public static bool Adds(TableDefinition table, ColumnDefinition column)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(column);
        return table.Name == ObservabilityTables.MessageFetchErrors.Name && column.Name == ObservabilityTables.FailureScopeColumn;
    }

    /// <summary>The upgrade as reported when the table already has the column.</summary>
    public static SchemaObjectResult NotNeeded(IWarehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        return new SchemaObjectResult(warehouse.Tables.MessageFetchErrors, "Upgrade", SchemaObjectStatus.Exists, string.Join(";\n", Statements(warehouse.Dialect, warehouse.Tables)));
    }

    /// <summary>
    /// Applies the upgrade to a message_fetch_errors table that lacks the column (the caller found it missing):
    /// rows first, then the column, then its values.
    /// </summary>
    public static async Task<SchemaObjectResult> ApplyAsync(IWarehouse warehouse, Func<SchemaObjectResult, bool> shouldApply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shouldApply);
        var result = NotNeeded(warehouse);
        if (!shouldApply(result))
        {
            return result with { Status = SchemaObjectStatus.NotCreated };
        }

        var statements = Statements(warehouse.Dialect, warehouse.Tables);
        var changed = await warehouse.ExecuteAsync(statements[0], ValuesFor(statements[0]), cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(statements[1], null, cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(statements[2], ValuesFor(statements[2]), cancellationToken).ConfigureAwait(false);
        return result with { Status = SchemaObjectStatus.Applied, RowsChanged = changed < 0 ? null : changed };
    }

    private static Dictionary<string, object?> ValuesFor(string sql) => Pipeline.EmbeddedPipelineEngine.Only(sql, Values);

    private static Dictionary<string, object?> Values => new()
    {
        ["auth_error"] = GenieApiErrorType.AuthError,
        ["server_error"] = GenieApiErrorType.ServerError,
        ["timeout"] = GenieApiErrorType.Timeout,
        ["unreachable"] = GenieApiErrorType.WorkspaceUnreachable,
        ["unavailable"] = GenieApiErrorType.WorkspaceUnavailable,
        ["rejected"] = GenieApiErrorType.CredentialRejected,
        ["no_token"] = GenieApiErrorType.NoToken,
        ["rate_limited"] = GenieApiErrorType.RateLimited,
        ["workspace"] = FetchErrorRow.WorkspaceScope,
        ["message"] = FetchErrorRow.MessageScope,
    };
}
