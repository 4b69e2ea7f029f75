namespace GenieObservability.Engine.Ingestion;

/// <summary>Why a message is offered for fetching.</summary>
public static class MessageFetchReason
{
    /// <summary>Never stored.</summary>
    public const string New = "New";

    /// <summary>An earlier fetch failed with a transient error.</summary>
    public const string Retry = "Retry";

    /// <summary>Stored in a non-terminal status; fetched again until terminal.</summary>
    public const string Pending = "Pending";

    /// <summary>Listed by the Genie API for a space but in no table: the audit path missed it.</summary>
    public const string Reconciliation = "Reconciliation";

    /// <summary>Stored, and rated or commented on since (audit feedback/comment events newer than what was stored).</summary>
    public const string Feedback = "Feedback";
}
