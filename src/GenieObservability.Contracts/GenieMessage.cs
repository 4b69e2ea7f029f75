namespace GenieObservability;

/// <summary>A Genie message as the API returns it (contract §1.2), with the first query attachment lifted out.</summary>
public sealed class GenieMessage
{
    /// <summary>The workspace the message was read from.</summary>
    public Uri? WorkspaceHost { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    /// <summary>The user's question.</summary>
    public string? Content { get; set; }

    /// <summary>SUBMITTED … EXECUTING_QUERY, COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED (kept as sent).</summary>
    public string? Status { get; set; }

    public DateTimeOffset? CreatedTimestamp { get; set; }

    public DateTimeOffset? LastUpdatedTimestamp { get; set; }

    /// <summary>The numeric id of the user who asked.</summary>
    public long? UserId { get; set; }

    /// <summary>error.type when the message FAILED (a MessageErrorType, stored as a plain string).</summary>
    public string? ErrorType { get; set; }

    public string? ErrorMessage { get; set; }

    /// <summary>feedback.rating: POSITIVE, NEGATIVE or NONE.</summary>
    public string? FeedbackRating { get; set; }

    /// <summary>feedback.comment: the text a user gave with the rating (the API also keeps it as a message comment).</summary>
    public string? FeedbackComment { get; set; }

    /// <summary>SQL of the first query attachment.</summary>
    public string? QuerySql { get; set; }

    public string? QueryDescription { get; set; }

    public string? StatementId { get; set; }

    public IReadOnlyList<GenieAttachment> Attachments { get; set; } = [];

    public int AttachmentCount => Attachments.Count;

    /// <summary>The attachments array exactly as the API sent it: whole, valid JSON, never cut.</summary>
    public string AttachmentsJson { get; set; } = "[]";

    /// <summary>The whole response body.</summary>
    public string RawJson { get; set; } = "{}";

    /// <summary>True for COMPLETED, FAILED, CANCELLED and QUERY_RESULT_EXPIRED: the message will not change any more.</summary>
    public bool IsTerminal => GenieMessageStatus.IsTerminal(Status);
}
