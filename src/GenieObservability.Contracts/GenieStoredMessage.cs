namespace GenieObservability;

/// <summary>One row as Import-GenieMessageDetails stored it in message_details (emitted with -PassThru).</summary>
public sealed class GenieStoredMessage
{
    public string WorkspaceId { get; set; } = string.Empty;

    public string? WorkspaceName { get; set; }

    public Uri? WorkspaceUrl { get; set; }

    public string SpaceId { get; set; } = string.Empty;

    public string? SpaceName { get; set; }

    public string ConversationId { get; set; } = string.Empty;

    public string MessageId { get; set; } = string.Empty;

    public long? UserId { get; set; }

    public string? UserEmail { get; set; }

    /// <summary>The user's question.</summary>
    public string? Content { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? CreatedTimestamp { get; set; }

    public DateTimeOffset? LastUpdatedTimestamp { get; set; }

    /// <summary>SQL of the first query attachment.</summary>
    public string? QuerySql { get; set; }

    public string? QueryDescription { get; set; }

    public string? StatementId { get; set; }

    public int AttachmentCount { get; set; }

    public string? MessageErrorType { get; set; }

    public string? FeedbackRating { get; set; }

    public string IngestionBatchId { get; set; } = string.Empty;

    public DateTimeOffset IngestedAt { get; set; }

    /// <summary>True when the status is final; false means a later run fetches the message again.</summary>
    public bool IsTerminal => GenieMessageStatus.IsTerminal(Status);
}
