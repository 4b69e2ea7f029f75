using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// Writes one batch of fetch outcomes: looks up what the warehouse already has for these messages (first_ingested_at,
/// earlier errors), then upserts message_details and message_fetch_errors with one multi-row MERGE each.
/// Only the single writer task calls it, so the warehouse never sees concurrent statements from ingestion.
/// </summary>
internal sealed class IngestionBatchWriter(
    IWarehouse warehouse,
    SpaceNameCache spaceNames,
    IngestionCounters counters,
    string batchId,
    Action<GenieStoredMessage>? onStored,
    Action<MessageFetchItem, FetchFailure>? onFailed,
    IOperationLog log)
{
    private bool _silverMissing;

    public async Task WriteAsync(IReadOnlyList<FetchOutcome> batch, CancellationToken cancellationToken)
    {
        // The same message can arrive twice in one batch (piped twice): the last outcome wins, and MERGE sees one source row per key.
        var latest = new Dictionary<(string, string), FetchOutcome>();
        foreach (var outcome in batch)
        {
            latest[(outcome.Item.WorkspaceId, outcome.Item.MessageId)] = outcome;
        }

        var outcomes = latest.Values.ToList();
        var successes = outcomes.Where(o => o.Message is not null).ToList();
        var now = DateTimeOffset.UtcNow;

        // A New message has no row in either table (that is what makes it new), so only retries and pending messages
        // are looked up: a batch of new messages costs its MERGEs and nothing else.
        var seenBefore = outcomes.Where(o => o.Item.Reason != GenieMessageToFetch.ReasonNew).ToList();
        var firstIngested = seenBefore.Any(o => o.Message is not null) ? await FirstIngestedAsync(seenBefore.Where(o => o.Message is not null).ToList(), cancellationToken).ConfigureAwait(false) : [];
        var existingErrors = seenBefore.Count > 0 ? await ExistingErrorsAsync(seenBefore, cancellationToken).ConfigureAwait(false) : [];
        await spaceNames.ResolveAsync(successes.Select(o => o.Item), counters.OnStatement, cancellationToken).ConfigureAwait(false);
        var audit = await AuditFieldsAsync(successes, cancellationToken).ConfigureAwait(false);

        var stored = new List<GenieStoredMessage>(successes.Count);
        var detailRows = new List<object?[]>(successes.Count);
        foreach (var outcome in successes)
        {
            var item = audit.TryGetValue((outcome.Item.WorkspaceId, outcome.Item.MessageId), out var known)
                ? outcome.Item with { WorkspaceName = outcome.Item.WorkspaceName ?? known.WorkspaceName, UserEmail = outcome.Item.UserEmail ?? known.UserEmail, EventTime = outcome.Item.EventTime ?? known.EventTime }
                : outcome.Item;
            var row = MessageDetailsRow.From(item, outcome.Message!, spaceNames.NameOf(item), batchId, now);
            var first = firstIngested.TryGetValue((item.WorkspaceId, item.MessageId), out var at) ? at : now;
            detailRows.Add(MessageDetailsRow.Values(row, outcome.Message!, item.EventTime, first));
            stored.Add(row);
        }

        var errorRows = new List<object?[]>();
        var resolved = 0;
        var failures = new List<FetchOutcome>();
        foreach (var outcome in outcomes)
        {
            var key = (outcome.Item.WorkspaceId, outcome.Item.MessageId);
            existingErrors.TryGetValue(key, out var previous);
            if (outcome.Failure is { } failure)
            {
                errorRows.Add(FetchErrorRow.Failed(outcome.Item, failure, previous, batchId, now));
                failures.Add(outcome);
            }
            else if (previous is { Resolved: false })
            {
                errorRows.Add(FetchErrorRow.Resolved(outcome.Item, previous, batchId, now));
                resolved++;
            }
        }

        var feedbackRows = successes.Where(FeedbackRows.Applies).Select(o => FeedbackRows.Feedback(o, batchId, now)).ToList();
        var withComments = successes.Where(o => o.Comments is not null).ToList();
        var commentRows = withComments.SelectMany(o => o.Comments!.Select(c => FeedbackRows.Comment(o.Item, c, batchId, now))).ToList();

        if (detailRows.Count > 0)
        {
            counters.OnStatements(await warehouse.UpsertAsync(warehouse.Tables.MessageDetails, MessageDetailsRow.KeyColumns, MessageDetailsRow.Columns, detailRows, warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false));
        }

        if (errorRows.Count > 0)
        {
            counters.OnStatements(await warehouse.UpsertAsync(warehouse.Tables.MessageFetchErrors, FetchErrorRow.KeyColumns, FetchErrorRow.Columns, errorRows, warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false));
        }

        // Comments first, the feedback row last: the row's last_feedback_event_time says the comments are current.
        foreach (var outcome in withComments)
        {
            counters.OnStatement();
            await RemoveDeletedCommentsAsync(outcome, cancellationToken).ConfigureAwait(false);
        }

        if (commentRows.Count > 0)
        {
            counters.OnStatements(await warehouse.UpsertAsync(warehouse.Tables.MessageComments, FeedbackRows.CommentKey, FeedbackRows.CommentColumns, commentRows, warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false));
        }

        if (feedbackRows.Count > 0)
        {
            counters.OnStatements(await warehouse.UpsertAsync(warehouse.Tables.MessageFeedback, FeedbackRows.FeedbackKey, FeedbackRows.FeedbackColumns, feedbackRows, warehouse.RowsPerUpsertStatement, cancellationToken).ConfigureAwait(false));
        }

        counters.OnComments(commentRows.Count, successes.Count(o => o.CommentsFailure is not null));

        // Counted and reported only once written: a crash before this point loses the batch, and the next run fetches it again.
        foreach (var outcome in successes.Where(o => o.Item.Reason == GenieMessageToFetch.ReasonFeedback))
        {
            counters.OnFeedbackRefreshed();
        }

        foreach (var message in stored)
        {
            counters.OnStored(message.IsTerminal);
            onStored?.Invoke(message);
        }

        foreach (var outcome in failures)
        {
            counters.OnFailed(outcome.Failure!.ErrorType, outcome.WorkspaceDown);
            if (!outcome.WorkspaceDown)
            {
                // A workspace that is down is reported once per run, not once per message.
                log.Verbose($"Message {outcome.Item.MessageId} of workspace {outcome.Item.WorkspaceId}: {outcome.Failure.ErrorType}: {outcome.Failure.Message}");
            }

            onFailed?.Invoke(outcome.Item, outcome.Failure);
        }

        for (var i = 0; i < resolved; i++)
        {
            counters.OnResolved();
        }
    }

    /// <summary>A comment deleted in Genie is no longer listed: its row goes, so the table matches the message's comments.</summary>
    private async Task RemoveDeletedCommentsAsync(FetchOutcome outcome, CancellationToken cancellationToken)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["workspace_id"] = outcome.Item.WorkspaceId,
            ["message_id"] = outcome.Item.MessageId,
        };
        var sql = $"DELETE FROM {warehouse.Tables.MessageComments} WHERE workspace_id = :workspace_id AND message_id = :message_id";
        if (outcome.Comments!.Count > 0)
        {
            var markers = new List<string>(outcome.Comments.Count);
            foreach (var comment in outcome.Comments)
            {
                var name = "c" + markers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameters[name] = comment.MessageCommentId;
                markers.Add(":" + name);
            }

            sql += $" AND message_comment_id NOT IN ({string.Join(", ", markers)})";
        }

        await warehouse.ExecuteAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Dictionary<(string, string), DateTimeOffset>> FirstIngestedAsync(List<FetchOutcome> successes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), DateTimeOffset>();
        var (inList, parameters) = MessageIdList(successes);
        var sql = $"SELECT workspace_id, message_id, first_ingested_at FROM {warehouse.Tables.MessageDetails} WHERE message_id IN ({inList})";
        counters.OnStatement();
        await foreach (var row in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            if (row["workspace_id"] is string workspaceId && row["message_id"] is string messageId && row.GetTimestamp("first_ingested_at") is { } at)
            {
                found[(workspaceId, messageId)] = at;
            }
        }

        return found;
    }

    /// <summary>
    /// Retries come from message_fetch_errors, which has no user email or workspace name: those come from silver, so
    /// a message stored on a retry has the same columns as one stored the first time. Only asked when something is missing.
    /// </summary>
    private async Task<Dictionary<(string, string), (string? WorkspaceName, string? UserEmail, DateTimeOffset? EventTime)>> AuditFieldsAsync(List<FetchOutcome> successes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), (string?, string?, DateTimeOffset?)>();
        var incomplete = successes.Where(o => o.Item.UserEmail is null || o.Item.WorkspaceName is null).ToList();
        if (incomplete.Count == 0 || _silverMissing)
        {
            return found;
        }

        var (inList, parameters) = MessageIdList(incomplete);
        var sql = $"SELECT workspace_id, message_id, workspace_name, user_email, event_time FROM {warehouse.Tables.MessagesToFetch} WHERE message_id IN ({inList})";
        counters.OnStatement();
        try
        {
            await foreach (var row in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
            {
                if (row["workspace_id"] is string workspaceId && row["message_id"] is string messageId)
                {
                    found[(workspaceId, messageId)] = (row["workspace_name"] as string, row["user_email"] as string, row.GetTimestamp("event_time"));
                }
            }
        }
        catch (GenieObservabilityException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // No pipeline has run against this warehouse (messages piped in by hand): nothing to add.
            _silverMissing = true;
            log.Verbose($"Could not read {warehouse.Tables.MessagesToFetch} for user emails: {ex.Message}");
        }

        return found;
    }

    private async Task<Dictionary<(string, string), ExistingError>> ExistingErrorsAsync(List<FetchOutcome> outcomes, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(string, string), ExistingError>();
        var (inList, parameters) = MessageIdList(outcomes);
        var sql = $"SELECT workspace_id, message_id, retry_count, first_failed_at, resolved, error_type, http_status, error_code, error_message, failure_scope FROM {warehouse.Tables.MessageFetchErrors} WHERE message_id IN ({inList})";
        counters.OnStatement();
        await foreach (var row in warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            if (row["workspace_id"] is string workspaceId && row["message_id"] is string messageId)
            {
                found[(workspaceId, messageId)] = new ExistingError(
                    row.GetInt32("retry_count") ?? 0,
                    row.GetTimestamp("first_failed_at"),
                    row.GetBoolean("resolved") ?? false,
                    row["error_type"] as string,
                    row.GetInt32("http_status"),
                    row["error_code"] as string,
                    row["error_message"] as string,
                    row["failure_scope"] as string);
            }
        }

        return found;
    }

    /// <summary>An IN list of named markers over the batch's distinct message ids (workspace is matched on the way back).</summary>
    private static (string InList, Dictionary<string, object?> Parameters) MessageIdList(IEnumerable<FetchOutcome> outcomes)
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var messageId in outcomes.Select(o => o.Item.MessageId).Distinct(StringComparer.Ordinal))
        {
            parameters["m" + parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)] = messageId;
        }

        return (string.Join(", ", parameters.Keys.Select(name => ":" + name)), parameters);
    }
}
