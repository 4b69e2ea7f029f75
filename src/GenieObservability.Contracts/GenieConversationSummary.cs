namespace GenieObservability;

/// <summary>A conversation as list conversations returns it (no user id).</summary>
public sealed class GenieConversationSummary
{
    public string SpaceId { get; set; } = string.Empty;

    public string ConversationId { get; set; } = string.Empty;

    public string? Title { get; set; }

    public DateTimeOffset? CreatedTimestamp { get; set; }

    /// <summary>GENIE_CONVERSATION_TYPE_CHAT or GENIE_CONVERSATION_TYPE_AGENT (Beta); null when the API does not say.</summary>
    public string? AgentType { get; set; }

    public const string AgentConversationType = "GENIE_CONVERSATION_TYPE_AGENT";
}
