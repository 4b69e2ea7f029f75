using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>How a fetched message fills message_feedback and message_comments.</summary>
internal static class FeedbackRows
{
    public static readonly string[] FeedbackKey = [.. FeedbackTables.MessageFeedback.Key];

    public static readonly string[] FeedbackColumns = [.. FeedbackTables.MessageFeedback.ColumnNames];

    public static readonly string[] CommentKey = [.. FeedbackTables.MessageComments.Key];

    public static readonly string[] CommentColumns = [.. FeedbackTables.MessageComments.ColumnNames];

    /// <summary>
    /// Whether the message gets a message_feedback row: there is something to record (an audit feedback/comment event,
    /// comments, or a rating) and its comments were read when needed. A transient failure to read them leaves the row
    /// as it was, so a later run offers the message again; a permanent one (the comments API forbidden or not enabled
    /// in the workspace) records the rating without comments, so the message is not fetched again on every run.
    /// </summary>
    public static bool Applies(FetchOutcome outcome) =>
        outcome.Message is { } message
        && outcome.CommentsFailure is not { IsTransient: true }
        && (outcome.Item.FeedbackEventTime is not null || outcome.Comments is not null || message.FeedbackRating is "POSITIVE" or "NEGATIVE");

    /// <summary>Values in <see cref="FeedbackColumns"/> order.</summary>
    public static object?[] Feedback(FetchOutcome outcome, string batchId, DateTimeOffset now)
    {
        var item = outcome.Item;
        var message = outcome.Message!;
        return
        [
            item.WorkspaceId,
            item.MessageId,
            item.SpaceId,
            item.ConversationId,
            message.FeedbackRating,
            message.FeedbackComment,
            outcome.Comments?.Count,
            MessageDetailsRow.Utc(item.FeedbackEventTime),
            now.UtcDateTime,
            batchId,
        ];
    }

    /// <summary>Values in <see cref="CommentColumns"/> order.</summary>
    public static object?[] Comment(MessageFetchItem item, Genie.GenieMessageComment comment, string batchId, DateTimeOffset now) =>
    [
        item.WorkspaceId,
        item.MessageId,
        comment.MessageCommentId,
        item.SpaceId,
        item.ConversationId,
        comment.Content,
        comment.UserId,
        MessageDetailsRow.Utc(comment.CreatedTimestamp),
        batchId,
        now.UtcDateTime,
    ];
}
