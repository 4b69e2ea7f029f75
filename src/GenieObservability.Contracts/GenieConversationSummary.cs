namespace GenieObservability;

/// <summary>A conversation as list conversations returns it (no user id).</summary>
public sealed class GenieConversationSummary
{
    public string SpaceId { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string? Title { get; set; }

    public DateTimeOffset? CreatedTimestamp { get; set; }
}
