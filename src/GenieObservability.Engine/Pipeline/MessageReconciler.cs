using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Completeness without the audit log: lists every conversation of the chosen spaces (include_all=true, needs CAN
/// MANAGE; contract-2026 §1) and each conversation's messages (§2), and offers the messages no table knows — not in
/// message_details, not in silver genie_messages_to_fetch, not in message_fetch_errors — with Reason Reconciliation, so
/// Import-GenieMessageDetails stores them like any other (and a second run offers nothing). The list summary has no
/// last-updated time, so a conversation created before <see cref="ReconciliationQuery.Since"/> is not opened; its
/// ordering is not documented, so every page is read. Agent conversations are skipped and counted.
/// </summary>
public sealed class MessageReconciler(IWarehouse warehouse, IGenieClient genie, IOperationLog log)
{
    public async IAsyncEnumerable<GenieMessageToFetch> ReadAsync(ReconciliationQuery query, ReconciliationCounts counts, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(counts);
        var existing = await ObservabilitySchema.ExistingTablesAsync(warehouse, cancellationToken).ConfigureAwait(false) ?? [];
        var workspaceUrl = genie.Host.GetLeftPart(UriPartial.Authority);
        var workspaceId = query.WorkspaceId ?? await ResolveWorkspaceIdAsync(existing, workspaceUrl, cancellationToken).ConfigureAwait(false);
        var pending = new List<GenieMessageToFetch>(query.LookupBatchSize);
        foreach (var spaceId in query.SpaceIds.Distinct(StringComparer.Ordinal))
        {
            counts.Space();
            var conversations = genie.ListConversationsAsync(spaceId, includeAll: true, cancellationToken).GetAsyncEnumerator(cancellationToken);
            await using var conversationsScope = conversations.ConfigureAwait(false);
            while (true)
            {
                // A space that cannot be listed (no CAN MANAGE, deleted) or a conversation whose messages cannot be is
                // counted and skipped: the other spaces still reconcile.
                var (hasConversation, conversation, conversationError) = await NextAsync(conversations).ConfigureAwait(false);
                if (conversationError is not null)
                {
                    counts.SpaceFailed(spaceId, conversationError.Message);
                }

                if (!hasConversation)
                {
                    break;
                }

                if (string.Equals(conversation!.AgentType, GenieConversationSummary.AgentConversationType, StringComparison.OrdinalIgnoreCase))
                {
                    counts.AgentConversation();
                    continue;
                }

                if (conversation.CreatedTimestamp is { } created && created < query.Since)
                {
                    continue;
                }

                counts.Conversation();
                var messages = genie.ListConversationMessagesAsync(spaceId, conversation.ConversationId, cancellationToken).GetAsyncEnumerator(cancellationToken);
                await using var messagesScope = messages.ConfigureAwait(false);
                while (true)
                {
                    var (hasMessage, message, messageError) = await NextAsync(messages).ConfigureAwait(false);
                    if (messageError is not null)
                    {
                        counts.ConversationFailed();
                    }

                    if (!hasMessage)
                    {
                        break;
                    }

                    if (string.IsNullOrEmpty(message!.MessageId) || (message.CreatedTimestamp is { } at && at < query.Since))
                    {
                        continue;
                    }

                    counts.Listed();
                    pending.Add(new GenieMessageToFetch
                    {
                        WorkspaceId = workspaceId,
                        WorkspaceUrl = workspaceUrl,
                        SpaceId = spaceId,
                        ConversationId = conversation.ConversationId,
                        MessageId = message.MessageId,
                        Reason = GenieMessageToFetch.ReasonReconciliation,
                    });
                    if (pending.Count >= query.LookupBatchSize)
                    {
                        foreach (var unknown in await UnknownAsync(existing, pending, counts, cancellationToken).ConfigureAwait(false))
                        {
                            yield return unknown;
                        }

                        pending.Clear();
                    }
                }
            }
        }

        if (counts.SpacesFailed == counts.Spaces && counts.Spaces > 0)
        {
            throw new GenieObservabilityException($"No space could be listed: {counts.LastFailure}", "ReconciliationFailed", GenieErrorCategory.ResourceUnavailable);
        }

        foreach (var unknown in await UnknownAsync(existing, pending, counts, cancellationToken).ConfigureAwait(false))
        {
            yield return unknown;
        }

        log.Verbose("Reconciliation: " + counts);
        if (counts.MessagesMissed > 0 || counts.AgentConversationsSkipped > 0 || counts.SpacesFailed > 0 || counts.ConversationsFailed > 0)
        {
            log.Warning($"Reconciliation of {counts.Spaces} spaces: {counts.MessagesMissed} of {counts.MessagesListed} messages the Genie API lists were unknown to the warehouse (missed by the audit path) and are offered with Reason {GenieMessageToFetch.ReasonReconciliation}; "
                + $"{counts.AgentConversationsSkipped} agent conversations skipped; {counts.SpacesFailed} spaces and {counts.ConversationsFailed} conversations could not be listed{(counts.LastFailure is null ? string.Empty : " (last: " + counts.LastFailure + ")")}.");
        }
    }

    private static async Task<(bool HasItem, T? Item, GenieApiException? Error)> NextAsync<T>(IAsyncEnumerator<T> items)
    {
        try
        {
            return await items.MoveNextAsync().ConfigureAwait(false) ? (true, items.Current, null) : (false, default, null);
        }
        catch (GenieApiException ex)
        {
            return (false, default, ex);
        }
    }

    /// <summary>The listed messages no table knows, in one query per batch.</summary>
    private async Task<IReadOnlyList<GenieMessageToFetch>> UnknownAsync(HashSet<string> existing, List<GenieMessageToFetch> listed, ReconciliationCounts counts, CancellationToken cancellationToken)
    {
        if (listed.Count == 0)
        {
            return [];
        }

        var tables = warehouse.Tables;
        var sources = new[]
        {
            (Name: "message_details", Qualified: tables.MessageDetails),
            (Name: "genie_messages_to_fetch", Qualified: tables.MessagesToFetch),
            (Name: "message_fetch_errors", Qualified: tables.MessageFetchErrors),
        }.Where(t => existing.Contains(t.Name)).ToList();
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (sources.Count > 0)
        {
            var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { ["workspace_id"] = listed[0].WorkspaceId };
            var markers = new StringBuilder();
            for (var i = 0; i < listed.Count; i++)
            {
                var name = "m" + i.ToString(CultureInfo.InvariantCulture);
                parameters[name] = listed[i].MessageId;
                markers.Append(i == 0 ? ":" : ", :").Append(name);
            }

            var sql = string.Join("\nUNION\n", sources.Select(t => $"SELECT message_id FROM {t.Qualified} WHERE workspace_id = :workspace_id AND message_id IN ({markers})"));
            await foreach (var row in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString(0) is { } id)
                {
                    known.Add(id);
                }
            }
        }

        var unknown = listed.Where(m => !known.Contains(m.MessageId)).ToList();
        counts.Missed(unknown.Count);
        return unknown;
    }

    /// <summary>The id the tables use for this workspace URL, so the known-check and the import match the audit path's rows.</summary>
    private async Task<string> ResolveWorkspaceIdAsync(HashSet<string> existing, string workspaceUrl, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { ("message_details", warehouse.Tables.MessageDetails), ("genie_messages_to_fetch", warehouse.Tables.MessagesToFetch) })
        {
            if (!existing.Contains(table.Item1))
            {
                continue;
            }

            var sql = $"SELECT workspace_id FROM {table.Item2} WHERE workspace_url = :url GROUP BY workspace_id ORDER BY count(*) DESC";
            await foreach (var row in warehouse.QueryAsync(sql, new Dictionary<string, object?> { ["url"] = workspaceUrl }, cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString(0) is { Length: > 0 } id)
                {
                    return id;
                }
            }
        }

        return Spaces.Sync.SpaceSyncTarget.WorkspaceIdFromHost(genie.Host);
    }
}
