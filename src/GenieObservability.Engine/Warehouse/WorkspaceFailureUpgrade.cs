namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// The one-time upgrade of message_fetch_errors rows written before failures were told apart by whose they are. The
/// earlier rule counted every failure against the message and stopped offering it after MaxRetries, so a workspace
/// outage (NO_TOKEN, RATE_LIMITED, a 401 for every request, connections that failed, recorded as SERVER_ERROR or TIMEOUT
/// without an HTTP status) made its messages permanent. Unresolved rows of those kinds get retry_count 0, and the
/// connection failures the type WORKSPACE_UNREACHABLE, so the next run offers them again. Applied once per warehouse:
/// a marker row in genie_ingestion_runs (run_type SCHEMA_UPGRADE) says it was, so later installs cost one lookup.
/// </summary>
public static class WorkspaceFailureUpgrade
{
    public const string MarkerRunId = "schema-upgrade-workspace-failures-retryable";

    public const string MarkerRunType = "SCHEMA_UPGRADE";

    private static readonly string[] MarkerColumns = ["run_id", "run_type", "started_at", "finished_at", "status", "details_json"];

    public static string Sql(TableNames tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        return $"""
            UPDATE {tables.MessageFetchErrors}
            SET retry_count = 0,
                error_type = CASE WHEN error_type IN (:server_error, :timeout) THEN :unreachable ELSE error_type END
            WHERE coalesce(resolved, FALSE) = FALSE
              AND (error_type IN (:no_token, :rate_limited, :auth_error)
                   OR (error_type IN (:server_error, :timeout) AND http_status IS NULL))
            """;
    }

    /// <summary>
    /// Applies the upgrade unless the marker says it was (<paramref name="created"/>: the errors table was just created,
    /// so there is nothing to change, only the marker to write).
    /// </summary>
    public static async Task<SchemaObjectResult> ApplyAsync(IWarehouse warehouse, bool created, Func<SchemaObjectResult, bool> shouldApply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(shouldApply);
        var tables = warehouse.Tables;
        var result = new SchemaObjectResult(tables.MessageFetchErrors, "Upgrade", SchemaObjectStatus.Exists, Sql(tables));
        var parameters = new Dictionary<string, object?> { ["run_id"] = MarkerRunId };
        await foreach (var _ in warehouse.QueryAsync($"SELECT run_id FROM {tables.IngestionRuns} WHERE run_id = :run_id", parameters, cancellationToken).ConfigureAwait(false))
        {
            return result;
        }

        if (!shouldApply(result))
        {
            return result with { Status = SchemaObjectStatus.NotCreated };
        }

        var startedAt = DateTime.UtcNow;
        var changed = created ? 0 : await warehouse.ExecuteAsync(result.Ddl, Values, cancellationToken).ConfigureAwait(false);
        var details = System.Text.Json.JsonSerializer.Serialize(new { rows_made_retryable = changed < 0 ? (long?)null : changed });
        await warehouse.UpsertAsync(tables.IngestionRuns, ["run_id"], MarkerColumns, [[MarkerRunId, MarkerRunType, startedAt, DateTime.UtcNow, "SUCCEEDED", details]], 1, cancellationToken).ConfigureAwait(false);
        return result with { Status = SchemaObjectStatus.Applied, RowsChanged = changed < 0 ? null : changed };
    }

    private static Dictionary<string, object?> Values => new()
    {
        ["server_error"] = GenieApiErrorType.ServerError,
        ["timeout"] = GenieApiErrorType.Timeout,
        ["unreachable"] = GenieApiErrorType.WorkspaceUnreachable,
        ["no_token"] = GenieApiErrorType.NoToken,
        ["rate_limited"] = GenieApiErrorType.RateLimited,
        ["auth_error"] = GenieApiErrorType.AuthError,
    };
}
