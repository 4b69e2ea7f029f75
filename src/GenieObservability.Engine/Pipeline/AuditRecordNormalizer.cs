using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Reads one audit record in either shape and writes it in the system-table shape the embedded audit table loads:
/// rows exported from system.access.audit (snake_case: service_name, request_params, user_identity.email,
/// response.status_code, event_time) or delivered audit-log records (camelCase: serviceName, requestParams,
/// userIdentity.email, response.statusCode, epoch-millisecond timestamp, workspaceId).
/// </summary>
internal static class AuditRecordNormalizer
{
    /// <summary>The audit service_name of Genie events.</summary>
    public const string GenieServiceName = "aibiGenie";

    public enum Shape
    {
        SystemTable,
        DeliveredLog,
    }

    /// <summary>What the importer needs from a record besides the normalised line.</summary>
    public readonly record struct RecordInfo(Shape Shape, string WorkspaceId, string? WorkspaceUrl, string? WorkspaceName, bool IsGenie);

    /// <summary>
    /// Writes the normalised record to <paramref name="writer"/> and returns its info, or returns an error text (and
    /// writes nothing) when the line is not an audit record.
    /// </summary>
    public static string? TryNormalize(string line, string sourceFile, Utf8JsonWriter writer, out RecordInfo info)
    {
        info = default;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return "not valid JSON: " + ex.Message;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return $"expected a JSON object, found {root.ValueKind}";
            }

            Shape shape;
            if (root.TryGetProperty("service_name", out _) || root.TryGetProperty("action_name", out _))
            {
                shape = Shape.SystemTable;
            }
            else if (root.TryGetProperty("serviceName", out _) || root.TryGetProperty("actionName", out _))
            {
                shape = Shape.DeliveredLog;
            }
            else
            {
                return "neither a system.access.audit row (service_name, action_name) nor a delivered audit-log record (serviceName, actionName)";
            }

            var snake = shape == Shape.SystemTable;
            var eventTime = ReadTime(root, snake ? "event_time" : "timestamp") ?? ReadTime(root, snake ? "timestamp" : "event_time");
            if (eventTime is null)
            {
                return snake ? "event_time is missing or not a timestamp" : "timestamp is missing or not an epoch/ISO time";
            }

            var workspaceId = Text(root, snake ? "workspace_id" : "workspaceId") ?? "0";
            var service = Text(root, snake ? "service_name" : "serviceName");
            var action = Text(root, snake ? "action_name" : "actionName");
            var requestId = Text(root, snake ? "request_id" : "requestId");
            var accountId = Text(root, snake ? "account_id" : "accountId");
            var identity = Child(root, snake ? "user_identity" : "userIdentity");
            var email = identity is { } id ? Text(id, "email") : null;
            var subject = identity is { } id2 ? Text(id2, snake ? "subject_name" : "subjectName") : null;
            var response = Child(root, "response");
            var status = response is { } r ? Integer(r, snake ? "status_code" : "statusCode") : null;
            var errorMessage = response is { } r2 ? Text(r2, snake ? "error_message" : "errorMessage") : null;
            var result = response is { } r3 ? Text(r3, "result") : null;
            var parameters = ReadParameters(Child(root, snake ? "request_params" : "requestParams"));
            var eventDate = Text(root, snake ? "event_date" : "date");
            if (eventDate is not null && !DateOnly.TryParseExact(eventDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                eventDate = null;
            }

            var eventId = Text(root, snake ? "event_id" : "eventId")
                ?? DeriveEventId(workspaceId, eventTime.Value, service, action, requestId, email, status, parameters);

            writer.WriteStartObject();
            writer.WriteString("account_id", accountId);
            writer.WriteString("workspace_id", workspaceId);
            writer.WriteString("event_time", eventTime.Value.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
            writer.WriteString("event_date", eventDate ?? eventTime.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            writer.WriteString("service_name", service);
            writer.WriteString("action_name", action);
            writer.WriteString("request_id", requestId);
            writer.WriteString("event_id", eventId);
            writer.WriteStartObject("user_identity");
            writer.WriteString("email", email);
            writer.WriteString("subject_name", subject);
            writer.WriteEndObject();
            writer.WriteStartObject("request_params");
            foreach (var (key, value) in parameters)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("response");
            if (status is { } code)
            {
                writer.WriteNumber("status_code", code);
            }
            else
            {
                writer.WriteNull("status_code");
            }

            writer.WriteString("error_message", errorMessage);
            writer.WriteString("result", result);
            writer.WriteEndObject();
            writer.WriteString("source_file", sourceFile);
            writer.WriteEndObject();

            info = new RecordInfo(
                shape,
                workspaceId,
                Text(root, snake ? "workspace_url" : "workspaceUrl"),
                Text(root, snake ? "workspace_name" : "workspaceName"),
                string.Equals(service, GenieServiceName, StringComparison.Ordinal));
            return null;
        }
    }

    private static JsonElement? Child(JsonElement element, string name) =>
        element.TryGetProperty(name, out var child) && child.ValueKind == JsonValueKind.Object ? child : null;

    /// <summary>A string, or the raw text of a number/boolean (workspace ids come as numbers in delivered logs).</summary>
    private static string? Text(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    private static int? Integer(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
        {
            return number;
        }

        return value.ValueKind == JsonValueKind.String && int.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    /// <summary>An ISO timestamp (offset or none = UTC), or epoch milliseconds (seconds when small) as number or string.</summary>
    private static DateTime? ReadTime(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epoch))
        {
            return FromEpoch(epoch);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!;
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epochText))
        {
            return FromEpoch(epochText);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed.UtcDateTime
            : null;
    }

    private static DateTime? FromEpoch(long epoch)
    {
        // Below 10^11 it can only be seconds (10^11 ms is 1973; 10^11 s is year 5138).
        var milliseconds = Math.Abs(epoch) < 100_000_000_000L ? epoch * 1000 : epoch;
        try
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static List<KeyValuePair<string, string?>> ReadParameters(JsonElement? parameters)
    {
        var list = new List<KeyValuePair<string, string?>>();
        if (parameters is not { } element)
        {
            return list;
        }

        foreach (var property in element.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => property.Value.GetRawText(),
            };
            list.Add(new(property.Name, value));
        }

        return list;
    }

    /// <summary>
    /// Delivered records carry no event id; one is derived from the record's content so re-importing the same
    /// record (in any formatting or key order) adds nothing.
    /// </summary>
    private static string DeriveEventId(string workspaceId, DateTime eventTime, string? service, string? action, string? requestId, string? email, int? status, List<KeyValuePair<string, string?>> parameters)
    {
        var builder = new StringBuilder(256)
            .Append(workspaceId).Append('\u001f')
            .Append(eventTime.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\u001f')
            .Append(service).Append('\u001f')
            .Append(action).Append('\u001f')
            .Append(requestId).Append('\u001f')
            .Append(email).Append('\u001f')
            .Append(status?.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('\u001f').Append(key).Append('=').Append(value);
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return "derived-" + Convert.ToHexString(hash.AsSpan(0, 16));
    }
}
