using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>The tables that keep feedback and comments of stored messages current (audit feedback/comment actions).</summary>
public static class FeedbackTables
{
    private const ColumnType S = ColumnType.Text;
    private const ColumnType B = ColumnType.BigWholeNumber;
    private const ColumnType I = ColumnType.WholeNumber;
    private const ColumnType T = ColumnType.Timestamp;

    public static TableDefinition MessageComments { get; } = new(
        "message_comments",
        "One row per comment on a stored Genie message (GET .../messages/{message_id}/comments), upserted on its id; comments no longer listed are removed.",
        ["workspace_id", "message_id", "message_comment_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("message_id", S, "Genie message id."),
            new("message_comment_id", S, "Comment id."),
            new("space_id", S, "Genie space id."),
            new("conversation_id", S, "Genie conversation id."),
            new("content", S, "The comment text."),
            new("user_id", B, "Id of the user who wrote the comment."),
            new("created_timestamp", T, "When the comment was written (UTC)."),
            new("ingestion_batch_id", S, "Run that last wrote this row."),
            new("ingestion_timestamp", T, "When this row was last written (UTC)."),
        ]);

    public static TableDefinition MessageFeedback { get; } = new(
        "message_feedback",
        "One row per stored Genie message with feedback or comments: the current rating and comment, and the latest audit feedback/comment event they reflect.",
        ["workspace_id", "message_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("message_id", S, "Genie message id."),
            new("space_id", S, "Genie space id."),
            new("conversation_id", S, "Genie conversation id."),
            new("feedback_rating", S, "Current feedback: POSITIVE, NEGATIVE or NONE."),
            new("feedback_comment", S, "Comment given with the feedback."),
            new("comment_count", I, "Comments stored in message_comments for the message; NULL when they were not read."),
            new("last_feedback_event_time", T, "Latest audit feedback or comment event this row reflects (UTC); a newer one offers the message again (Reason Feedback)."),
            new("refreshed_at", T, "When the message was last fetched for its feedback (UTC)."),
            new("ingestion_batch_id", S, "Run that last wrote this row."),
        ]);

    public static IReadOnlyList<TableDefinition> All { get; } = [MessageComments, MessageFeedback];
}
