using System.Globalization;
using System.Text.Json;

namespace GenieObservability.Engine.Genie;

/// <summary>
/// Maps Genie API JSON (contract §1.2, §1.3) to the Contracts models. Every field is optional; unknown fields are
/// ignored; timestamps are epoch milliseconds (messages, conversations) or RFC 3339 strings (spaces).
/// </summary>
public static class GenieJsonMapper
{
    private static readonly string[] AttachmentKinds = ["query", "text", "suggested_questions", "viz"];

    public static GenieMessage ToMessage(JsonElement json, Uri? host, string? spaceId = null, string? conversationId = null)
    {
        var message = new GenieMessage
        {
            WorkspaceHost = host,
            SpaceId = String(json, "space_id") ?? spaceId ?? string.Empty,
            ConversationId = String(json, "conversation_id") ?? conversationId ?? string.Empty,
            MessageId = String(json, "message_id") ?? String(json, "id") ?? string.Empty,
            Content = String(json, "content"),
            Status = String(json, "status"),
            CreatedTimestamp = EpochMilliseconds(json, "created_timestamp"),
            LastUpdatedTimestamp = EpochMilliseconds(json, "last_updated_timestamp"),
            UserId = Int64(json, "user_id"),
            RawJson = json.GetRawText(),
        };

        if (Object(json, "error") is { } error)
        {
            message.ErrorType = String(error, "type");
            message.ErrorMessage = String(error, "error") ?? String(error, "message");
        }

        if (Object(json, "feedback") is { } feedback)
        {
            message.FeedbackRating = String(feedback, "rating");
            message.FeedbackComment = String(feedback, "comment");
        }

        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("attachments", out var attachments) && attachments.ValueKind == JsonValueKind.Array)
        {
            message.AttachmentsJson = attachments.GetRawText();
            var list = new List<GenieAttachment>(attachments.GetArrayLength());
            foreach (var attachment in attachments.EnumerateArray())
            {
                if (attachment.ValueKind == JsonValueKind.Object)
                {
                    list.Add(ToAttachment(attachment));
                }
            }

            message.Attachments = list;
            if (list.FirstOrDefault(a => a.Kind == "query") is { } query)
            {
                message.QuerySql = query.Query;
                message.QueryDescription = query.Description;
                message.StatementId = query.StatementId;
            }
        }

        // The deprecated message-level query_result still carries the statement id on older workspaces.
        if (message.StatementId is null && Object(json, "query_result") is { } queryResult)
        {
            message.StatementId = String(queryResult, "statement_id");
        }

        return message;
    }

    public static GenieAttachment ToAttachment(JsonElement json)
    {
        var attachment = new GenieAttachment { AttachmentId = String(json, "attachment_id") };
        foreach (var kind in AttachmentKinds)
        {
            if (Object(json, kind) is not { } body)
            {
                continue;
            }

            attachment.Kind = kind;
            attachment.AttachmentId ??= String(body, "id");
            switch (kind)
            {
                case "query":
                    attachment.Title = String(body, "title");
                    attachment.Description = String(body, "description");
                    attachment.Query = String(body, "query");
                    attachment.StatementId = String(body, "statement_id");
                    attachment.RowCount = Object(body, "query_result_metadata") is { } metadata ? Int64(metadata, "row_count") : null;
                    break;
                case "text":
                    attachment.Content = String(body, "content");
                    break;
                case "suggested_questions":
                    if (body.TryGetProperty("questions", out var questions) && questions.ValueKind == JsonValueKind.Array)
                    {
                        attachment.Content = string.Join('\n', questions.EnumerateArray().Where(q => q.ValueKind == JsonValueKind.String).Select(q => q.GetString()));
                    }

                    break;
                case "viz":
                    attachment.Title = String(body, "title");
                    break;
            }

            return attachment;
        }

        // A kind this module does not know yet: keep its key so the attachment is not mistaken for nothing.
        foreach (var property in json.EnumerateObject())
        {
            if (property.Name != "attachment_id" && property.Value.ValueKind == JsonValueKind.Object)
            {
                attachment.Kind = property.Name;
                break;
            }
        }

        return attachment;
    }

    public static GenieSpace ToSpace(JsonElement json, Uri? host)
    {
        var space = new GenieSpace
        {
            WorkspaceHost = host,
            SpaceId = String(json, "space_id") ?? String(json, "id") ?? string.Empty,
            Title = String(json, "title"),
            Description = String(json, "description"),
            WarehouseId = String(json, "warehouse_id"),
            ParentPath = String(json, "parent_path"),
            Etag = String(json, "etag"),
            CreateTime = Timestamp(json, "create_time"),
            UpdateTime = Timestamp(json, "update_time"),
            RawJson = json.GetRawText(),
        };

        if (json.ValueKind == JsonValueKind.Object && json.TryGetProperty("serialized_space", out var serialized))
        {
            space.SerializedSpace = serialized.ValueKind switch
            {
                JsonValueKind.String => serialized.GetString(),
                JsonValueKind.Object or JsonValueKind.Array => serialized.GetRawText(),
                _ => null,
            };
        }

        return space;
    }

    public static GenieConversationSummary ToConversation(JsonElement json, string spaceId) => new()
    {
        SpaceId = String(json, "space_id") ?? spaceId,
        ConversationId = String(json, "conversation_id") ?? String(json, "id") ?? string.Empty,
        Title = String(json, "title"),
        CreatedTimestamp = EpochMilliseconds(json, "created_timestamp"),
        AgentType = String(json, "agent_type"),
    };

    public static GenieMessageComment ToComment(JsonElement json, string spaceId, string conversationId, string messageId) => new(
        String(json, "message_comment_id") ?? string.Empty,
        String(json, "space_id") ?? spaceId,
        String(json, "conversation_id") ?? conversationId,
        String(json, "message_id") ?? messageId,
        String(json, "content"),
        EpochMilliseconds(json, "created_timestamp"),
        Int64(json, "user_id"));

    public static GenieSpaceEvaluationRun ToEvalRun(JsonElement json, string spaceId) => new()
    {
        SpaceId = spaceId,
        EvalRunId = String(json, "eval_run_id") ?? string.Empty,
        Status = String(json, "eval_run_status"),
        NumQuestions = Int64(json, "num_questions"),
        NumCorrect = Int64(json, "num_correct"),
        NumNeedsReview = Int64(json, "num_needs_review"),
        NumDone = Int64(json, "num_done"),
        RunByUser = Int64(json, "run_by_user"),
        CreatedTimestamp = EpochMilliseconds(json, "created_timestamp"),
        LastUpdatedTimestamp = EpochMilliseconds(json, "last_updated_timestamp"),
    };

    /// <summary>A list item (GenieEvalResult) or the details (GenieEvalResultDetails): whichever fields are present.</summary>
    public static GenieEvalResult ToEvalResult(JsonElement json, string spaceId) => new()
    {
        ResultId = String(json, "result_id") ?? string.Empty,
        SpaceId = String(json, "space_id") ?? spaceId,
        BenchmarkQuestionId = String(json, "benchmark_question_id"),
        Status = String(json, "status") ?? String(json, "eval_run_status"),
        Question = String(json, "question"),
        BenchmarkAnswer = String(json, "benchmark_answer"),
        CreatedByUser = Int64(json, "created_by_user"),
        Assessment = String(json, "assessment"),
        AssessmentReasonsJson = Raw(json, "assessment_reasons", JsonValueKind.Array),
        ManualAssessment = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("manual_assessment", out var manual) && manual.ValueKind is JsonValueKind.True or JsonValueKind.False ? manual.GetBoolean() : null,
        ActualResponseJson = Raw(json, "actual_response", JsonValueKind.Array),
        ExpectedResponseJson = Raw(json, "expected_response", JsonValueKind.Array),
    };

    private static string? Raw(JsonElement json, string name, JsonValueKind kind) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == kind ? value.GetRawText() : null;

    internal static string? String(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }

    private static JsonElement? Object(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    internal static long? Int64(JsonElement json, string name)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var number) => number,
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }

    private static DateTimeOffset? EpochMilliseconds(JsonElement json, string name) =>
        Int64(json, name) is { } ms && ms is > -62135596800000 and < 253402300800000 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static DateTimeOffset? Timestamp(JsonElement json, string name)
    {
        if (String(json, name) is not { } text)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return parsed;
        }

        return EpochMilliseconds(json, name);
    }
}
