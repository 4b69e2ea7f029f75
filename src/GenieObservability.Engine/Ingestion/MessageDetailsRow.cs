namespace GenieObservability.Engine.Ingestion;

/// <summary>The message_details columns (SCHEMA.md) and how a fetched message fills them.</summary>
internal static class MessageDetailsRow
{
    public static readonly string[] KeyColumns = ["workspace_id", "message_id"];

    public static readonly string[] Columns =
    [
        "workspace_id", "workspace_name", "workspace_url", "space_id", "space_name", "conversation_id", "message_id",
        "user_id", "user_email", "content", "status", "created_timestamp", "last_updated_timestamp", "query_sql",
        "query_description", "statement_id", "attachments_json", "attachment_count", "message_error_type",
        "message_error", "feedback_rating", "audit_event_time", "ingestion_batch_id", "ingestion_timestamp",
        "first_ingested_at",
    ];

    /// <summary>
    /// The stored form of one message. Ids come from the audit item (the key the pipeline knows it by); everything else
    /// from the API. <paramref name="firstIngestedAt"/> is the existing row's value when the message is re-fetched.
    /// </summary>
    public static GenieStoredMessage From(MessageFetchItem item, GenieMessage message, string? spaceName, string batchId, DateTimeOffset ingestedAt) => new()
    {
        WorkspaceId = item.WorkspaceId,
        WorkspaceName = item.WorkspaceName,
        WorkspaceUrl = item.WorkspaceUrl,
        SpaceId = item.SpaceId,
        SpaceName = spaceName,
        ConversationId = item.ConversationId,
        MessageId = item.MessageId,
        UserId = message.UserId,
        UserEmail = item.UserEmail,
        Content = message.Content,
        Status = message.Status,
        CreatedTimestamp = message.CreatedTimestamp,
        LastUpdatedTimestamp = message.LastUpdatedTimestamp,
        QuerySql = message.QuerySql,
        QueryDescription = message.QueryDescription,
        StatementId = message.StatementId,
        AttachmentCount = message.AttachmentCount,
        MessageErrorType = message.ErrorType,
        FeedbackRating = message.FeedbackRating,
        IngestionBatchId = batchId,
        IngestedAt = ingestedAt,
    };

    /// <summary>Values in <see cref="Columns"/> order.</summary>
    public static object?[] Values(GenieStoredMessage stored, GenieMessage message, DateTimeOffset? auditEventTime, DateTimeOffset firstIngestedAt) =>
    [
        stored.WorkspaceId,
        stored.WorkspaceName,
        stored.WorkspaceUrl?.GetLeftPart(UriPartial.Authority),
        stored.SpaceId,
        stored.SpaceName,
        stored.ConversationId,
        stored.MessageId,
        stored.UserId,
        stored.UserEmail,
        stored.Content,
        stored.Status,
        Utc(stored.CreatedTimestamp),
        Utc(stored.LastUpdatedTimestamp),
        stored.QuerySql,
        stored.QueryDescription,
        stored.StatementId,
        message.AttachmentsJson,
        stored.AttachmentCount,
        stored.MessageErrorType,
        message.ErrorMessage,
        stored.FeedbackRating,
        Utc(auditEventTime),
        stored.IngestionBatchId,
        Utc(stored.IngestedAt),
        Utc(firstIngestedAt),
    ];

    /// <summary>Timestamps are written as UTC DateTime, which every backend binds as TIMESTAMP.</summary>
    internal static DateTime? Utc(DateTimeOffset? value) => value?.UtcDateTime;
}
