using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>
/// The statements of stored messages that still need a lookup: every statement_id of every query attachment in
/// message_details.attachments_json (and the statement_id column, which also holds the deprecated query_result's), of
/// messages with no metrics row yet or with a PENDING one. Statements already FOUND or NOT_AVAILABLE are skipped.
/// </summary>
public sealed class StatementCandidateReader(IWarehouse warehouse)
{
    /// <summary>Streams the lookups, ordered by workspace (so batches are per workspace), each statement once.</summary>
    public async IAsyncEnumerable<StatementLookup> ReadAsync(IReadOnlyCollection<string> workspaceIds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var known = await ReadStatesOfPendingMessagesAsync(cancellationToken).ConfigureAwait(false);
        var tables = warehouse.Tables;
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["statement_marker"] = "%\"statement_id\"%",
            ["pending"] = QueryMetricsAvailability.Pending,
        };
        var sql = new StringBuilder($"""
            SELECT d.workspace_id, d.workspace_url, d.space_id, d.conversation_id, d.message_id, d.statement_id, d.attachments_json
            FROM {tables.MessageDetails} d
            WHERE (d.statement_id IS NOT NULL OR d.attachments_json LIKE :statement_marker)
              AND (NOT EXISTS (SELECT 1 FROM {tables.QueryMetrics} q WHERE q.workspace_id = d.workspace_id AND q.message_id = d.message_id)
                   OR EXISTS (SELECT 1 FROM {tables.QueryMetrics} q WHERE q.workspace_id = d.workspace_id AND q.message_id = d.message_id AND q.availability = :pending))
            """);
        if (workspaceIds.Count > 0)
        {
            var markers = workspaceIds.Select((id, i) =>
            {
                parameters["w" + i.ToString(CultureInfo.InvariantCulture)] = id;
                return ":w" + i.ToString(CultureInfo.InvariantCulture);
            });
            sql.Append("\n  AND d.workspace_id IN (").AppendJoin(", ", markers).Append(')');
        }

        sql.Append("\nORDER BY d.workspace_id, d.message_id");
        var seen = new HashSet<(string, string)>();
        await foreach (var row in warehouse.QueryAsync(sql.ToString(), parameters, cancellationToken).ConfigureAwait(false))
        {
            var workspaceId = row.GetString("workspace_id") ?? string.Empty;
            var url = row.GetString("workspace_url");
            foreach (var statementId in StatementIds(row.GetString("statement_id"), row.GetString("attachments_json")))
            {
                if (!seen.Add((workspaceId, statementId)))
                {
                    continue;
                }

                known.TryGetValue((workspaceId, statementId), out var state);
                if (state is { Availability: not QueryMetricsAvailability.Pending })
                {
                    continue;
                }

                yield return new StatementLookup(
                    workspaceId,
                    Uri.TryCreate(url, UriKind.Absolute, out var host) ? host : null,
                    row.GetString("space_id"),
                    row.GetString("conversation_id"),
                    row.GetString("message_id"),
                    statementId,
                    state?.Attempts ?? 0,
                    state?.FirstLookedUpAt);
            }
        }
    }

    /// <summary>The statement ids of one stored message: every query attachment's, then the first-query column's.</summary>
    public static IEnumerable<string> StatementIds(string? firstStatementId, string? attachmentsJson)
    {
        var ids = new List<string>();
        if (!string.IsNullOrEmpty(attachmentsJson))
        {
            try
            {
                using var document = JsonDocument.Parse(attachmentsJson);
                if (document.RootElement.ValueKind == JsonValueKind.Array)
                {
                    foreach (var attachment in document.RootElement.EnumerateArray())
                    {
                        if (attachment.ValueKind == JsonValueKind.Object && attachment.TryGetProperty("query", out var query)
                            && Genie.GenieJsonMapper.String(query, "statement_id") is { Length: > 0 } id && !ids.Contains(id))
                        {
                            ids.Add(id);
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // attachments_json is written whole by ingestion; a hand-edited row still gives its statement_id column.
            }
        }

        if (!string.IsNullOrEmpty(firstStatementId) && !ids.Contains(firstStatementId))
        {
            ids.Add(firstStatementId);
        }

        return ids;
    }

    /// <summary>Every metrics row of a message that still has a PENDING statement: bounded by what is pending.</summary>
    private async Task<Dictionary<(string, string), StatementState>> ReadStatesOfPendingMessagesAsync(CancellationToken cancellationToken)
    {
        var table = warehouse.Tables.QueryMetrics;
        var sql = $"""
            SELECT q.workspace_id, q.statement_id, q.availability, q.attempts, q.first_looked_up_at
            FROM {table} q
            WHERE EXISTS (SELECT 1 FROM {table} p WHERE p.workspace_id = q.workspace_id AND p.message_id = q.message_id AND p.availability = :pending)
            """;
        var states = new Dictionary<(string, string), StatementState>();
        await foreach (var row in warehouse.QueryAsync(sql, new Dictionary<string, object?> { ["pending"] = QueryMetricsAvailability.Pending }, cancellationToken).ConfigureAwait(false))
        {
            states[(row.GetString("workspace_id") ?? string.Empty, row.GetString("statement_id") ?? string.Empty)] = new StatementState(
                row.GetString("availability"),
                row.GetInt32("attempts") ?? 0,
                row.GetTimestamp("first_looked_up_at"));
        }

        return states;
    }

    private sealed record StatementState(string? Availability, int Attempts, DateTimeOffset? FirstLookedUpAt);
}
