namespace GenieObservability;

/// <summary>Message status values (contract §1.2) and which of them are final.</summary>
public static class GenieMessageStatus
{
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";
    public const string QueryResultExpired = "QUERY_RESULT_EXPIRED";

    /// <summary>COMPLETED, FAILED, CANCELLED and QUERY_RESULT_EXPIRED never change again; anything else is re-fetched.</summary>
    public static bool IsTerminal(string? status) => status is Completed or Failed or Cancelled or QueryResultExpired;
}
