namespace GenieObservability.Engine.Genie;

/// <summary>
/// One comment on a Genie message (GenieMessageComment, databricks-sdk-go v0.175.0 service/dashboards/model.go):
/// message_comment_id, space_id, conversation_id, message_id, content, created_timestamp (epoch ms), user_id.
/// </summary>
public sealed record GenieMessageComment(
    string MessageCommentId,
    string SpaceId,
    string ConversationId,
    string MessageId,
    string? Content,
    DateTimeOffset? CreatedTimestamp,
    long? UserId);
