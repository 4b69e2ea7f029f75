using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Emulator;

/// <summary>
/// Comments on Genie messages (GenieMessageComment: message_comment_id, space_id, conversation_id, message_id, content,
/// created_timestamp, user_id), in the order they were written. Thread-safe.
/// </summary>
public sealed class GenieCommentStore
{
    private readonly object _gate = new();
    private readonly List<JsonObject> _comments = [];

    /// <summary>Seed key genie.comments: a list of comment objects.</summary>
    public void LoadSeed(JsonElement seed)
    {
        if (seed.TryGetProperty("genie", out var genie) && genie.ValueKind == JsonValueKind.Object
            && genie.TryGetProperty("comments", out var comments) && comments.ValueKind == JsonValueKind.Array)
        {
            foreach (var comment in comments.EnumerateArray())
            {
                Upsert(comment);
            }
        }
    }

    /// <summary>Adds or replaces a comment (by message_comment_id; a new id when none is given).</summary>
    public JsonObject Upsert(JsonElement json)
    {
        var comment = JsonNode.Parse(json.GetRawText())!.AsObject();
        foreach (var required in new[] { "space_id", "conversation_id", "message_id" })
        {
            if (comment[required] is null)
            {
                throw new ArgumentException($"A comment needs {required}.");
            }
        }

        var id = (string?)comment["message_comment_id"] ?? NewId();
        comment["message_comment_id"] = id;
        comment["created_timestamp"] ??= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        lock (_gate)
        {
            var index = _comments.FindIndex(c => (string?)c["message_comment_id"] == id);
            if (index >= 0)
            {
                _comments[index] = comment;
            }
            else
            {
                _comments.Add(comment);
            }

            return (JsonObject)comment.DeepClone();
        }
    }

    public JsonObject Create(string spaceId, string conversationId, string messageId, string content, long? userId) =>
        Upsert(JsonDocument.Parse(new JsonObject
        {
            ["space_id"] = spaceId,
            ["conversation_id"] = conversationId,
            ["message_id"] = messageId,
            ["content"] = content,
            ["user_id"] = userId,
        }.ToJsonString()).RootElement);

    public bool Delete(string messageCommentId)
    {
        lock (_gate)
        {
            return _comments.RemoveAll(c => (string?)c["message_comment_id"] == messageCommentId) > 0;
        }
    }

    /// <summary>The comments of one message, or of a whole conversation when <paramref name="messageId"/> is null.</summary>
    public IReadOnlyList<JsonObject> List(string spaceId, string conversationId, string? messageId)
    {
        lock (_gate)
        {
            return _comments
                .Where(c => (string?)c["space_id"] == spaceId && (string?)c["conversation_id"] == conversationId && (messageId is null || (string?)c["message_id"] == messageId))
                .Select(c => (JsonObject)c.DeepClone())
                .ToArray();
        }
    }

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
