namespace GenieObservability;

/// <summary>One stored question (a row of message_details) as a space curator reads it: who asked what, and what came back.</summary>
public sealed class GenieQuestion
{
    public string WorkspaceId { get; set; } = string.Empty;

    public string? WorkspaceName { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    /// <summary>From genie_space_details, else the name stored with the message, else the space id.</summary>
    public string SpaceTitle { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    /// <summary>The user's email (from the audit log), else "user &lt;id&gt;".</summary>
    public string? User { get; set; }

    public DateTimeOffset? AskedAt { get; set; }

    /// <summary>The Genie status: COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED or a non-terminal one.</summary>
    public string? Status { get; set; }

    /// <summary>ANSWERED_SQL, ANSWERED_TEXT, FAILED, CANCELLED or PENDING (README "Definitions").</summary>
    public string Outcome { get; set; } = string.Empty;

    public string? Question { get; set; }

    /// <summary>SQL of the first query attachment.</summary>
    public string? Sql { get; set; }

    public string? QueryDescription { get; set; }

    public string? ErrorType { get; set; }

    public string? Error { get; set; }

    /// <summary>POSITIVE, NEGATIVE, NONE or null.</summary>
    public string? FeedbackRating { get; set; }

    public int AttachmentCount { get; set; }

    /// <summary>True for the outcomes ANSWERED_SQL and ANSWERED_TEXT.</summary>
    public bool Answered => Outcome is "ANSWERED_SQL" or "ANSWERED_TEXT";

    public override string ToString() => $"{SpaceTitle}: {Question}";
}
