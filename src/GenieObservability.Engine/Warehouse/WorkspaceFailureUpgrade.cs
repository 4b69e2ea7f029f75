using GenieObservability.Engine.Ingestion;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// The one-time upgrade of message_fetch_errors from the earlier failure rule, which counted every failure against the
/// message and stopped offering it after MaxRetries, so a workspace outage (NO_TOKEN, RATE_LIMITED, a 401 for every
/// request, connections that failed, recorded as SERVER_ERROR or TIMEOUT without an HTTP status) made its messages permanent. A table without the
/// failure_scope column is such a table: its unresolved rows of those kinds get retry_count 0 (the connection failures
/// the type WORKSPACE_UNREACHABLE), then the column is added and filled. Rows are changed before the column exists, and
/// nothing the current rule writes can be written without it, so only rows of the earlier rule are ever changed; once
/// the column is there, an install costs one lookup of it.
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

    /// <summary>
    /// Applies the upgrade when message_fetch_errors lacks the column (<paramref name="created"/>: the table was just
    /// created with it, so there is nothing to do).
    /// </summary>
    public static async Task<SchemaObjectResult> ApplyAsync(IWarehouse warehouse, bool created, Func<SchemaObjectResult, bool> shouldApply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(shouldApply);
        var tables = warehouse.Tables;
        var statements = Statements(warehouse.Dialect, tables);
        var result = new SchemaObjectResult(tables.MessageFetchErrors, "Upgrade", SchemaObjectStatus.Exists, string.Join(";\n", statements));
        if (created || await HasScopeColumnAsync(warehouse, cancellationToken).ConfigureAwait(false))
        {
            return result;
        }

        if (!shouldApply(result))
        {
            return result with { Status = SchemaObjectStatus.NotCreated };
        }

        var changed = await warehouse.ExecuteAsync(statements[0], ValuesFor(statements[0]), cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(statements[1], null, cancellationToken).ConfigureAwait(false);
        await warehouse.ExecuteAsync(statements[2], ValuesFor(statements[2]), cancellationToken).ConfigureAwait(false);
        return result with { Status = SchemaObjectStatus.Applied, RowsChanged = changed < 0 ? null : changed };
    }

    private static async Task<bool> HasScopeColumnAsync(IWarehouse warehouse, CancellationToken cancellationToken)
    {
        var names = warehouse.Tables;
        var columns = names.UseCatalog ? $"{names.Catalog}.information_schema.columns" : "information_schema.columns";
        var parameters = new Dictionary<string, object?>
        {
            ["schema"] = names.Schema,
            ["table"] = ObservabilityTables.MessageFetchErrors.Name,
            ["column"] = ObservabilityTables.FailureScopeColumn,
        };
        var sql = $"SELECT column_name FROM {columns} WHERE lower(table_schema) = lower(:schema) AND lower(table_name) = :table AND lower(column_name) = :column";
        await foreach (var _ in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
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
