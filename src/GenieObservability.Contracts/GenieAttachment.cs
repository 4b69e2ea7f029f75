namespace GenieObservability;

/// <summary>One attachment of a Genie message: a query, a text answer, suggested questions or a visualisation.</summary>
public sealed class GenieAttachment
{
    public string? AttachmentId { get; set; }

    /// <summary>query, text, suggested_questions, viz, or the unknown key as sent.</summary>
    public string Kind { get; set; } = "unknown";

    public string? Title { get; set; }

    public string? Description { get; set; }

    /// <summary>The SQL text of a query attachment.</summary>
    public string? Query { get; set; }

    public string? StatementId { get; set; }

    public long? RowCount { get; set; }

    /// <summary>The text of a text attachment; suggested questions joined by newlines.</summary>
    public string? Content { get; set; }
}
