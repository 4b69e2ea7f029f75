namespace GenieObservability.Engine.Pipeline;

/// <summary>What one reconciliation listed and found missing (thread-safe counters, read after the run).</summary>
public sealed class ReconciliationCounts
{
    private int _spaces;
    private int _conversations;
    private int _agentConversationsSkipped;
    private int _messagesListed;
    private int _messagesMissed;
    private int _spacesFailed;
    private int _conversationsFailed;

    public int Spaces => _spaces;

    public int Conversations => _conversations;

    /// <summary>Agent-type conversations: their messages have their own endpoint, which no SDK has yet.</summary>
    public int AgentConversationsSkipped => _agentConversationsSkipped;

    public int MessagesListed => _messagesListed;

    /// <summary>Listed messages in no table (message_details, silver, message_fetch_errors): the audit path missed them.</summary>
    public int MessagesMissed => _messagesMissed;

    public int SpacesFailed => _spacesFailed;

    public int ConversationsFailed => _conversationsFailed;

    /// <summary>The last listing failure, for the warning.</summary>
    public string? LastFailure { get; private set; }

    internal void SpaceFailed(string spaceId, string error)
    {
        Interlocked.Increment(ref _spacesFailed);
        LastFailure = $"space {spaceId}: {error}";
    }

    internal void ConversationFailed() => Interlocked.Increment(ref _conversationsFailed);

    internal void Space() => Interlocked.Increment(ref _spaces);

    internal void Conversation() => Interlocked.Increment(ref _conversations);

    internal void AgentConversation() => Interlocked.Increment(ref _agentConversationsSkipped);

    internal void Listed() => Interlocked.Increment(ref _messagesListed);

    internal void Missed(int count) => Interlocked.Add(ref _messagesMissed, count);

    public override string ToString() =>
        $"{Spaces} spaces, {Conversations} conversations, {MessagesListed} messages listed, {MessagesMissed} unknown to the warehouse (missed by the audit path), {AgentConversationsSkipped} agent conversations skipped";
}
