using System.Globalization;
using System.Text.Json;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>One generated audit record, writable in both audit shapes.</summary>
internal sealed record AuditEvent(
    string WorkspaceId,
    DateTime Time,
    string? SpaceId,
    string? ConversationId,
    string? MessageId,
    string? Email = "ana@example.com",
    string Action = "getConversationMessage",
    string Service = "aibiGenie",
    int Status = 200,
    string? EventId = null,
    string? FeedbackRating = null)
{
    private static int _sequence;

    public string Id { get; } = EventId ?? "evt-" + Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture);

    /// <summary>A row exported from system.access.audit (snake_case, event_time text, request_params map).</summary>
    public string ToSystemTableLine(string? workspaceUrl = null)
    {
        var row = new Dictionary<string, object?>
        {
            ["account_id"] = "acc-1",
            ["workspace_id"] = WorkspaceId,
            ["version"] = "2.0",
            ["event_time"] = Time.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["event_date"] = Time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["service_name"] = Service,
            ["action_name"] = Action,
            ["request_id"] = "req-" + Id,
            ["event_id"] = Id,
            ["user_identity"] = new Dictionary<string, object?> { ["email"] = Email, ["subject_name"] = null },
            ["request_params"] = Params(),
            ["response"] = new Dictionary<string, object?> { ["status_code"] = Status, ["error_message"] = Status == 200 ? null : "failed", ["result"] = null },
            ["audit_level"] = "WORKSPACE_LEVEL",
        };
        if (workspaceUrl is not null)
        {
            row["workspace_url"] = workspaceUrl;
        }

        return JsonSerializer.Serialize(row);
    }

    /// <summary>A delivered audit-log record (camelCase, epoch-millisecond timestamp, numeric workspaceId).</summary>
    public string ToDeliveredLine() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["version"] = "2.0",
        ["auditLevel"] = "WORKSPACE_LEVEL",
        ["timestamp"] = new DateTimeOffset(Time, TimeSpan.Zero).ToUnixTimeMilliseconds(),
        ["orgId"] = WorkspaceId,
        ["workspaceId"] = long.Parse(WorkspaceId, CultureInfo.InvariantCulture),
        ["accountId"] = "acc-1",
        ["serviceName"] = Service,
        ["actionName"] = Action,
        ["requestId"] = "req-" + Id,
        ["userIdentity"] = new Dictionary<string, object?> { ["email"] = Email },
        ["requestParams"] = Params(),
        ["response"] = new Dictionary<string, object?> { ["statusCode"] = Status, ["result"] = null },
        ["sourceIPAddress"] = "10.0.0.1",
    });

    private Dictionary<string, string> Params()
    {
        var parameters = new Dictionary<string, string>();
        if (SpaceId is not null)
        {
            parameters["space_id"] = SpaceId;
        }

        if (ConversationId is not null)
        {
            parameters["conversation_id"] = ConversationId;
        }

        if (MessageId is not null)
        {
            parameters["message_id"] = MessageId;
        }

        if (FeedbackRating is not null)
        {
            parameters["feedback_rating"] = FeedbackRating;
        }

        return parameters;
    }
}
