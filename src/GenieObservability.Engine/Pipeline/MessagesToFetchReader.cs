using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Streams what the message ingestion should GET, in four disjoint parts:
/// Retry = unresolved message_fetch_errors rows still to retry by <see cref="RetryRule"/> (the message's own transient
/// failures below MaxRetries; its workspace's failures younger than MaxRetryAge);
/// Pending = message_details rows in a non-terminal status, younger than the age limit, without an unresolved error;
/// Feedback = stored messages, not Pending, without an unresolved error, whose silver row has a feedback or comment
/// event newer than the one message_feedback says was stored (the rating, comment and comments are then fetched again);
/// New = silver rows neither in message_details nor with an unresolved error (a permanent error is never re-queued
/// just because the message shows up in the audit log again).
/// A table that does not exist yet counts as empty: reading never creates tables (Install-GenieObservabilitySchema and
/// Invoke-GeniePipelineRefresh do), and the first run of a fresh warehouse then simply has nothing to retry.
/// The SQL is the portable subset every backend runs (DuckDB, Databricks, PostgreSQL).
/// </summary>
public sealed class MessagesToFetchReader(IWarehouse warehouse, TimeProvider? clock = null)
{
    private static readonly string[] TerminalStatuses =
        [GenieMessageStatus.Completed, GenieMessageStatus.Failed, GenieMessageStatus.Cancelled, GenieMessageStatus.QueryResultExpired];

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public async IAsyncEnumerable<GenieMessageToFetch> ReadAsync(MessagesToFetchQuery query, IOperationLog log, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(log);
        var existing = await ObservabilitySchema.ExistingTablesAsync(warehouse, cancellationToken).ConfigureAwait(false) ?? [];
        var tables = warehouse.Tables;
        bool Has(string name)
        {
            if (existing.Contains(name))
            {
                return true;
            }

            log.Verbose($"{tables.Qualify(name)} does not exist yet; treated as empty.");
            return false;
        }

        var hasSilver = Has("genie_messages_to_fetch");
        var hasDetails = Has("message_details");
        var hasErrors = Has("message_fetch_errors");
        if (!hasSilver && !hasDetails && !hasErrors)
        {
            log.Warning($"Nothing to read in {tables.SchemaName}: run Invoke-GeniePipelineRefresh first.");
            yield break;
        }

        if (query.IncludeRetry && hasErrors)
        {
            await foreach (var item in RunAsync(RetrySql(query, tables), query, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }

        if (query.IncludePending && hasDetails)
        {
            await foreach (var item in RunAsync(PendingSql(query, tables, hasErrors), query, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }

        var silverHasFeedback = hasSilver && await SilverHasFeedbackAsync(tables, cancellationToken).ConfigureAwait(false);
        if (query.IncludeFeedback && hasSilver && hasDetails)
        {
            if (silverHasFeedback)
            {
                await foreach (var item in RunAsync(FeedbackSql(query, tables, Has("message_feedback"), hasErrors), query, cancellationToken).ConfigureAwait(false))
                {
                    yield return item;
                }
            }
            else
            {
                log.Warning($"{tables.MessagesToFetch} has no last_feedback_event_time column (a pipeline from an earlier version): ratings and comments given after a message was stored are not offered again until the pipeline runs the current sql/pipeline.sql.");
            }
        }

        if (query.IncludeNew && hasSilver)
        {
            await foreach (var item in RunAsync(NewSql(query, tables, hasDetails, hasErrors, silverHasFeedback), query, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    private async IAsyncEnumerable<GenieMessageToFetch> RunAsync((string Sql, Dictionary<string, object?> Parameters) statement, MessagesToFetchQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in warehouse.QueryAsync(statement.Sql, statement.Parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return new GenieMessageToFetch
            {
                WorkspaceId = row.GetString("workspace_id") ?? string.Empty,
                WorkspaceUrl = row.GetString("workspace_url"),
                WorkspaceName = row.GetString("workspace_name"),
                SpaceId = row.GetString("space_id") ?? string.Empty,
                ConversationId = row.GetString("conversation_id") ?? string.Empty,
                MessageId = row.GetString("message_id") ?? string.Empty,
                EventTime = row.GetTimestamp("event_time"),
                UserEmail = row.GetString("user_email"),
                Reason = row.GetString("reason") ?? GenieMessageToFetch.ReasonNew,
                RetryCount = (row.GetInt32("retry_count") ?? 0),
                FeedbackEventTime = row.GetTimestamp("feedback_event_time"),
                ErrorType = row.GetString("error_type"),
            };
        }
    }

    private (string, Dictionary<string, object?>) RetrySql(MessagesToFetchQuery query, TableNames tables)
    {
        var parameters = new Dictionary<string, object?> { ["reason"] = GenieMessageToFetch.ReasonRetry };
        var sql = new StringBuilder($"""
            SELECT e.workspace_id, e.workspace_url, CAST(NULL AS VARCHAR(255)) AS workspace_name, e.space_id, e.conversation_id,
                   e.message_id, e.last_attempt_at AS event_time, CAST(NULL AS VARCHAR(255)) AS user_email, :reason AS reason,
                   coalesce(e.retry_count, 0) AS retry_count, e.error_type, CAST(NULL AS TIMESTAMP) AS feedback_event_time
            FROM {tables.MessageFetchErrors} e
            WHERE {RetryRule.RetryableSql("e", query.MaxRetries, _clock.GetUtcNow(), query.MaxRetryAge, parameters)}
            """);
        AppendFilters(sql, "e", query, parameters);
        sql.Append("\nORDER BY e.workspace_id, e.last_attempt_at, e.message_id");
        return (sql.ToString(), parameters);
    }

    private (string, Dictionary<string, object?>) PendingSql(MessagesToFetchQuery query, TableNames tables, bool hasErrors)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["pending_since"] = _clock.GetUtcNow().UtcDateTime - query.PendingMaxAge,
            ["reason"] = GenieMessageToFetch.ReasonPending,
        };
        var sql = new StringBuilder($"""
            SELECT d.workspace_id, d.workspace_url, d.workspace_name, d.space_id, d.conversation_id, d.message_id,
                   coalesce(d.audit_event_time, d.created_timestamp) AS event_time, d.user_email, :reason AS reason, 0 AS retry_count,
                   CAST(NULL AS VARCHAR(255)) AS error_type, CAST(NULL AS TIMESTAMP) AS feedback_event_time
            FROM {tables.MessageDetails} d
            WHERE (d.status IS NULL OR d.status NOT IN ({SqlInList.Markers("terminal", TerminalStatuses, parameters)}))
              AND coalesce(d.created_timestamp, d.audit_event_time) >= :pending_since
            """);
        if (hasErrors)
        {
            AppendNotFailing(sql, "d", tables);
        }

        AppendFilters(sql, "d", query, parameters);
        sql.Append("\nORDER BY d.workspace_id, d.created_timestamp, d.message_id");
        return (sql.ToString(), parameters);
    }

    /// <summary>
    /// The complement of Pending among stored messages (terminal, or older than the age limit) so the two never overlap;
    /// the conversation comes from message_details, since a comment event may not name it.
    /// </summary>
    private (string, Dictionary<string, object?>) FeedbackSql(MessagesToFetchQuery query, TableNames tables, bool hasFeedback, bool hasErrors)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["pending_since"] = _clock.GetUtcNow().UtcDateTime - query.PendingMaxAge,
            ["reason"] = GenieMessageToFetch.ReasonFeedback,
        };
        var sql = new StringBuilder($"""
            SELECT d.workspace_id, coalesce(d.workspace_url, s.workspace_url) AS workspace_url,
                   coalesce(d.workspace_name, s.workspace_name) AS workspace_name, d.space_id, d.conversation_id, d.message_id,
                   coalesce(d.audit_event_time, d.created_timestamp) AS event_time, d.user_email, :reason AS reason, 0 AS retry_count,
                   CAST(NULL AS VARCHAR(255)) AS error_type, s.last_feedback_event_time AS feedback_event_time
            FROM {tables.MessagesToFetch} s
            INNER JOIN {tables.MessageDetails} d ON d.workspace_id = s.workspace_id AND d.message_id = s.message_id
            WHERE s.last_feedback_event_time IS NOT NULL
              AND ((d.status IS NOT NULL AND d.status IN ({SqlInList.Markers("terminal", TerminalStatuses, parameters)}))
                   OR coalesce(d.created_timestamp, d.audit_event_time) < :pending_since)
            """);
        if (hasFeedback)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""

                  AND NOT EXISTS (SELECT 1 FROM {tables.MessageFeedback} f
                                  WHERE f.workspace_id = s.workspace_id AND f.message_id = s.message_id
                                    AND f.last_feedback_event_time >= s.last_feedback_event_time)
                """);
        }

        if (hasErrors)
        {
            AppendNotFailing(sql, "d", tables);
        }

        AppendFilters(sql, "d", query, parameters);
        sql.Append("\nORDER BY d.workspace_id, s.last_feedback_event_time, d.message_id");
        return (sql.ToString(), parameters);
    }

    private async Task<bool> SilverHasFeedbackAsync(TableNames tables, CancellationToken cancellationToken)
    {
        var columns = tables.UseCatalog ? $"{tables.Catalog}.information_schema.columns" : "information_schema.columns";
        var parameters = new Dictionary<string, object?> { ["schema"] = tables.Schema };
        var sql = $"SELECT column_name FROM {columns} WHERE lower(table_schema) = lower(:schema) AND lower(table_name) = 'genie_messages_to_fetch' AND lower(column_name) = 'last_feedback_event_time'";
        await foreach (var _ in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            return true;
        }

        return false;
    }

    private static (string, Dictionary<string, object?>) NewSql(MessagesToFetchQuery query, TableNames tables, bool hasDetails, bool hasErrors, bool silverHasFeedback)
    {
        var parameters = new Dictionary<string, object?> { ["reason"] = GenieMessageToFetch.ReasonNew };
        var feedbackTime = silverHasFeedback ? "s.last_feedback_event_time" : "CAST(NULL AS TIMESTAMP)";
        var sql = new StringBuilder($"""
            SELECT s.workspace_id, s.workspace_url, s.workspace_name, s.space_id, s.conversation_id, s.message_id,
                   s.event_time, s.user_email, :reason AS reason, 0 AS retry_count, CAST(NULL AS VARCHAR(255)) AS error_type,
                   {feedbackTime} AS feedback_event_time
            FROM {tables.MessagesToFetch} s
            WHERE s.conversation_id IS NOT NULL AND s.conversation_id <> ''
            """);
        if (hasDetails)
        {
            sql.Append(CultureInfo.InvariantCulture, $"""

                  AND NOT EXISTS (SELECT 1 FROM {tables.MessageDetails} d WHERE d.workspace_id = s.workspace_id AND d.message_id = s.message_id)
                """);
        }

        if (hasErrors)
        {
            AppendNotFailing(sql, "s", tables);
        }

        AppendFilters(sql, "s", query, parameters);
        sql.Append("\nORDER BY s.workspace_id, s.event_time, s.message_id");
        return (sql.ToString(), parameters);
    }

    /// <summary>Leaves out messages with an unresolved fetch error (Retry offers those, or nothing when permanent).</summary>
    private static void AppendNotFailing(StringBuilder sql, string alias, TableNames tables) =>
        sql.Append(CultureInfo.InvariantCulture, $"""

                  AND NOT EXISTS (SELECT 1 FROM {tables.MessageFetchErrors} e
                                  WHERE e.workspace_id = {alias}.workspace_id AND e.message_id = {alias}.message_id AND coalesce(e.resolved, FALSE) = FALSE)
            """);

    private static void AppendFilters(StringBuilder sql, string alias, MessagesToFetchQuery query, Dictionary<string, object?> parameters)
    {
        if (query.WorkspaceIds.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\n  AND {alias}.workspace_id IN ({SqlInList.Markers("workspace", query.WorkspaceIds, parameters)})");
        }

        if (query.SpaceIds.Count > 0)
        {
            sql.Append(CultureInfo.InvariantCulture, $"\n  AND {alias}.space_id IN ({SqlInList.Markers("space", query.SpaceIds, parameters)})");
        }
    }
}
