namespace GenieObservability;

/// <summary>
/// A workspace that failed as a whole during one ingestion run (no token, credential rejected, host unreachable or
/// only failing): its messages were recorded without further requests, stay queued and cost no retry budget.
/// </summary>
public sealed class GenieWorkspaceFailure
{
    /// <summary>The workspace URL (scheme and host).</summary>
    public string WorkspaceUrl { get; set; } = string.Empty;

    /// <summary>The workspace id(s) of the messages sent to that URL.</summary>
    public IReadOnlyList<string> WorkspaceIds { get; set; } = [];

    /// <summary>NO_TOKEN, CREDENTIAL_REJECTED, WORKSPACE_UNREACHABLE or WORKSPACE_UNAVAILABLE.</summary>
    public string ErrorType { get; set; } = string.Empty;

    /// <summary>The HTTP status of the failure, when there was an answer.</summary>
    public int? HttpStatus { get; set; }

    /// <summary>Messages of this workspace recorded as not fetched in this run.</summary>
    public long Messages { get; set; }

    /// <summary>The failure that showed the workspace was down.</summary>
    public string FirstError { get; set; } = string.Empty;

    /// <summary>When the run found the workspace down.</summary>
    public DateTimeOffset FailedAt { get; set; }

    public override string ToString() => $"{WorkspaceUrl}: {ErrorType}, {Messages} messages";
}
