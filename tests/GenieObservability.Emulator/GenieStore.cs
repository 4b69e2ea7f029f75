using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace GenieObservability.Emulator;

/// <summary>
/// The Genie spaces, conversations and messages of the emulated workspace. Messages are kept as the JSON objects they
/// were seeded with, so every field (attachments, error, feedback, unknown ones) goes back out exactly. Thread-safe.
/// </summary>
public sealed class GenieStore
{
    private readonly object _gate = new();
    private readonly List<SpaceRecord> _spaces = [];
    private readonly List<ConversationRecord> _conversations = [];
    private readonly Dictionary<(string SpaceId, string ConversationId), ConversationRecord> _conversationIndex = [];

    // Message lookups are the hot path of ingestion (many parallel GETs): an O(1) lock-free read of the stored JSON
    // text, parsed per request so callers get their own copy. Writes (seeding) take _gate to keep list order.
    private readonly ConcurrentDictionary<(string SpaceId, string ConversationId, string MessageId), string> _messages = new();
    private readonly Dictionary<(string SpaceId, string ConversationId), List<string>> _messageOrder = [];
    private int _etagCounter;

    public GenieStore(string currentUserName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currentUserName);
        CurrentUserName = currentUserName;
    }

    /// <summary>The workspace id (seed "workspaceId"); sent as x-databricks-org-id like a real workspace.</summary>
    public string WorkspaceId { get; set; } = "1234567890123456";

    /// <summary>The user the emulated caller is; list conversations without include_all shows only theirs (null = everyone's).</summary>
    public long? CurrentUserId { get; set; }

    /// <summary>The caller's user name: a space created without parent_path goes to /Users/&lt;it&gt;.</summary>
    public string CurrentUserName { get; }

    public int SpaceCount
    {
        get
        {
            lock (_gate)
            {
                return _spaces.Count(s => !s.Trashed);
            }
        }
    }

    public void LoadSeed(JsonElement seed)
    {
        if (seed.TryGetProperty("workspaceId", out var workspaceId))
        {
            WorkspaceId = workspaceId.ValueKind == JsonValueKind.String ? workspaceId.GetString()! : workspaceId.GetRawText();
        }

        if (!seed.TryGetProperty("genie", out var genie) || genie.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (genie.TryGetProperty("currentUserId", out var user) && user.TryGetInt64(out var userId))
        {
            CurrentUserId = userId;
        }

        foreach (var space in Array(genie, "spaces"))
        {
            UpsertSpace(space);
        }

        foreach (var conversation in Array(genie, "conversations"))
        {
            UpsertConversation(conversation);
        }

        foreach (var message in Array(genie, "messages"))
        {
            UpsertMessage(message);
        }
    }

    /// <summary>Adds or replaces a space; serialized_space may be a JSON string or an object (stored as its text).</summary>
    public JsonObject UpsertSpace(JsonElement json)
    {
        var id = Text(json, "space_id") ?? NewId();
        lock (_gate)
        {
            var space = _spaces.FirstOrDefault(s => s.SpaceId == id);
            if (space is null)
            {
                space = new SpaceRecord { SpaceId = id, CreateTime = DateTimeOffset.UtcNow };
                _spaces.Add(space);
            }

            var serializedBefore = space.SerializedSpace;
            space.Title = Text(json, "title") ?? space.Title;
            space.Description = Text(json, "description") ?? space.Description;
            space.WarehouseId = Text(json, "warehouse_id") ?? space.WarehouseId;
            space.ParentPath = Text(json, "parent_path") ?? space.ParentPath;
            space.SerializedSpace = SerializedText(json) ?? space.SerializedSpace;
            space.CreateTime = Time(json, "create_time") ?? space.CreateTime;
            space.UpdateTime = Time(json, "update_time") ?? DateTimeOffset.UtcNow;
            space.Etag = Text(json, "etag") ?? (space.Etag is null || serializedBefore != space.SerializedSpace ? NextEtag() : space.Etag);
            space.Trashed = json.TryGetProperty("trashed", out var trashed) && trashed.ValueKind == JsonValueKind.True;
            return space.ToJson(includeSerializedSpace: true);
        }
    }

    public void UpsertConversation(JsonElement json)
    {
        var spaceId = Text(json, "space_id") ?? throw new ArgumentException("A conversation needs space_id.");
        var id = Text(json, "conversation_id") ?? Text(json, "id") ?? NewId();
        lock (_gate)
        {
            if (!_conversationIndex.TryGetValue((spaceId, id), out var conversation))
            {
                conversation = new ConversationRecord { SpaceId = spaceId, ConversationId = id };
                AddConversation(conversation);
            }

            conversation.Title = Text(json, "title") ?? conversation.Title;
            conversation.UserId = json.TryGetProperty("user_id", out var user) && user.TryGetInt64(out var userId) ? userId : conversation.UserId;
            conversation.CreatedTimestamp = json.TryGetProperty("created_timestamp", out var created) && created.TryGetInt64(out var ms) ? ms : conversation.CreatedTimestamp;
            conversation.AgentType = Text(json, "agent_type") ?? conversation.AgentType;
        }
    }

    /// <summary>Adds or replaces a message (by space, conversation and message id), creating its conversation when new.</summary>
    public JsonObject UpsertMessage(JsonElement json)
    {
        var message = JsonNode.Parse(json.GetRawText())!.AsObject();
        var spaceId = Text(json, "space_id") ?? throw new ArgumentException("A message needs space_id.");
        var conversationId = Text(json, "conversation_id") ?? throw new ArgumentException("A message needs conversation_id.");
        var messageId = Text(json, "message_id") ?? Text(json, "id") ?? NewId();
        message["message_id"] = messageId;
        lock (_gate)
        {
            if (!_conversationIndex.ContainsKey((spaceId, conversationId)))
            {
                AddConversation(new ConversationRecord
                {
                    SpaceId = spaceId,
                    ConversationId = conversationId,
                    Title = Text(json, "content"),
                    UserId = json.TryGetProperty("user_id", out var user) && user.TryGetInt64(out var userId) ? userId : null,
                    CreatedTimestamp = json.TryGetProperty("created_timestamp", out var created) && created.TryGetInt64(out var ms) ? ms : DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
                });
            }

            var text = message.ToJsonString();
            if (_messages.TryAdd((spaceId, conversationId, messageId), text))
            {
                if (!_messageOrder.TryGetValue((spaceId, conversationId), out var order))
                {
                    order = [];
                    _messageOrder[(spaceId, conversationId)] = order;
                }

                order.Add(messageId);
            }
            else
            {
                _messages[(spaceId, conversationId, messageId)] = text;
            }

            return Parse(text);
        }
    }

    /// <summary>POST …/feedback: sets the message's feedback {rating, comment?}; false when the message does not exist.</summary>
    public bool SetFeedback(string spaceId, string conversationId, string messageId, string rating, string? comment)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue((spaceId, conversationId, messageId), out var text))
            {
                return false;
            }

            var message = Parse(text);
            var feedback = new JsonObject { ["rating"] = rating };
            if (!string.IsNullOrEmpty(comment))
            {
                feedback["comment"] = comment;
            }

            message["feedback"] = feedback;
            message["last_updated_timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            _messages[(spaceId, conversationId, messageId)] = message.ToJsonString();
            return true;
        }
    }

    public JsonObject? GetMessage(string spaceId, string conversationId, string messageId) =>
        _messages.TryGetValue((spaceId, conversationId, messageId), out var text) ? Parse(text) : null;

    public bool ConversationExists(string spaceId, string conversationId)
    {
        lock (_gate)
        {
            return _conversationIndex.ContainsKey((spaceId, conversationId));
        }
    }

    public IReadOnlyList<JsonObject> ListMessages(string spaceId, string conversationId)
    {
        string[] texts;
        lock (_gate)
        {
            texts = _messageOrder.TryGetValue((spaceId, conversationId), out var order)
                ? order.Select(id => _messages[(spaceId, conversationId, id)]).ToArray()
                : [];
        }

        return texts.Select(Parse).ToArray();
    }

    public IReadOnlyList<JsonObject> ListConversations(string spaceId, bool includeAll)
    {
        lock (_gate)
        {
            return _conversations
                .Where(c => c.SpaceId == spaceId && (includeAll || CurrentUserId is null || c.UserId is null || c.UserId == CurrentUserId))
                .Select(c => c.ToJson())
                .ToArray();
        }
    }

    public JsonObject? GetSpace(string spaceId, bool includeSerializedSpace)
    {
        lock (_gate)
        {
            return _spaces.FirstOrDefault(s => s.SpaceId == spaceId && !s.Trashed)?.ToJson(includeSerializedSpace);
        }
    }

    public IReadOnlyList<JsonObject> ListSpaces()
    {
        lock (_gate)
        {
            return _spaces.Where(s => !s.Trashed).Select(s => s.ToJson(includeSerializedSpace: false)).ToArray();
        }
    }

    public JsonObject CreateSpace(string warehouseId, string serializedSpace, string? title, string? description, string? parentPath)
    {
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            var space = new SpaceRecord
            {
                SpaceId = NewId(),
                WarehouseId = warehouseId,
                SerializedSpace = MigrateSerializedSpace(serializedSpace),
                Title = title,
                Description = description,
                ParentPath = WithoutWorkspacePrefix(parentPath) ?? "/Users/" + CurrentUserName,
                CreateTime = now,
                UpdateTime = now,
                Etag = NextEtag(),
            };
            _spaces.Add(space);
            return space.ToJson(includeSerializedSpace: true);
        }
    }

    /// <summary>
    /// PATCH semantics: the fields given replace the stored ones; an etag that is not the current one fails and changes
    /// nothing. Null when the space is missing. As the service does (contract 2026 §5): the etag moves only when
    /// serialized_space changes, a version 1 serialized_space is stored migrated to version 2, parent_path loses its
    /// /Workspace prefix.
    /// </summary>
    public (JsonObject? Space, bool EtagMismatch) UpdateSpace(string spaceId, JsonElement changes)
    {
        lock (_gate)
        {
            var space = _spaces.FirstOrDefault(s => s.SpaceId == spaceId && !s.Trashed);
            if (space is null)
            {
                return (null, false);
            }

            if (Text(changes, "etag") is { Length: > 0 } etag && etag != space.Etag)
            {
                return (null, true);
            }

            var serializedBefore = space.SerializedSpace;
            space.Title = NonEmpty(changes, "title") ?? space.Title;
            space.Description = NonEmpty(changes, "description") ?? space.Description;
            space.WarehouseId = NonEmpty(changes, "warehouse_id") ?? space.WarehouseId;
            space.ParentPath = WithoutWorkspacePrefix(NonEmpty(changes, "parent_path")) ?? space.ParentPath;
            space.SerializedSpace = SerializedText(changes) is { Length: > 0 } serialized ? MigrateSerializedSpace(serialized) : space.SerializedSpace;
            space.UpdateTime = DateTimeOffset.UtcNow;
            if (serializedBefore != space.SerializedSpace)
            {
                space.Etag = NextEtag();
            }

            return (space.ToJson(includeSerializedSpace: true), false);
        }
    }

    public bool TrashSpace(string spaceId)
    {
        lock (_gate)
        {
            var space = _spaces.FirstOrDefault(s => s.SpaceId == spaceId && !s.Trashed);
            if (space is null)
            {
                return false;
            }

            space.Trashed = true;
            return true;
        }
    }

    /// <summary>The serialized_space keys the service accepts at the top level; others are rejected (contract 2026 §5).</summary>
    public static readonly IReadOnlySet<string> SerializedSpaceKeys = new HashSet<string>(StringComparer.Ordinal) { "version", "config", "data_sources", "instructions", "benchmarks" };

    /// <summary>{"version":1,...} is stored as version 2 with an empty data_sources when it has none, as the service migrates it.</summary>
    public static string MigrateSerializedSpace(string serialized)
    {
        if (JsonNode.Parse(serialized) is not JsonObject root || root["version"] is not JsonValue version || !version.TryGetValue<int>(out var number) || number != 1)
        {
            return serialized;
        }

        root["version"] = 2;
        root["data_sources"] ??= new JsonObject();
        return root.ToJsonString();
    }

    private static string? WithoutWorkspacePrefix(string? path) =>
        path is not null && path.StartsWith("/Workspace/", StringComparison.Ordinal) ? path["/Workspace".Length..] : path;

    private static string? NonEmpty(JsonElement json, string name) => Text(json, name) is { Length: > 0 } text ? text : null;

    private static JsonObject Parse(string text) => JsonNode.Parse(text)!.AsObject();

    private void AddConversation(ConversationRecord conversation)
    {
        _conversations.Add(conversation);
        _conversationIndex[(conversation.SpaceId, conversation.ConversationId)] = conversation;
    }

    private static JsonElement[] Array(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray().ToArray() : [];

    private static string? Text(JsonElement json, string name) =>
        json.ValueKind == JsonValueKind.Object && json.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static string? SerializedText(JsonElement json) =>
        json.TryGetProperty("serialized_space", out var serialized)
            ? serialized.ValueKind switch
            {
                JsonValueKind.String => serialized.GetString(),
                JsonValueKind.Object => serialized.GetRawText(),
                _ => null,
            }
            : null;

    private static DateTimeOffset? Time(JsonElement json, string name) =>
        Text(json, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;

    private static string NewId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();

    private string NextEtag() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes("etag-" + Interlocked.Increment(ref _etagCounter).ToString(CultureInfo.InvariantCulture) + "-" + NewId())))[..16].ToLowerInvariant();

    private sealed class SpaceRecord
    {
        public required string SpaceId { get; init; }

        public string? Title { get; set; }

        public string? Description { get; set; }

        public string? WarehouseId { get; set; }

        public string? ParentPath { get; set; }

        public string? SerializedSpace { get; set; }

        public string? Etag { get; set; }

        public DateTimeOffset CreateTime { get; set; }

        public DateTimeOffset UpdateTime { get; set; }

        public bool Trashed { get; set; }

        public JsonObject ToJson(bool includeSerializedSpace)
        {
            var json = new JsonObject { ["space_id"] = SpaceId };
            AddIfSet(json, "title", Title);
            AddIfSet(json, "description", Description);
            AddIfSet(json, "warehouse_id", WarehouseId);
            AddIfSet(json, "parent_path", ParentPath);
            json["create_time"] = CreateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            json["update_time"] = UpdateTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            // The service returns the etag only beside serialized_space (contract 2026 §5).
            if (includeSerializedSpace)
            {
                AddIfSet(json, "serialized_space", SerializedSpace);
                AddIfSet(json, "etag", Etag);
            }

            return json;
        }
    }

    private sealed class ConversationRecord
    {
        public required string SpaceId { get; init; }

        public required string ConversationId { get; init; }

        public string? Title { get; set; }

        public long? UserId { get; set; }

        public long? CreatedTimestamp { get; set; }

        /// <summary>GENIE_CONVERSATION_TYPE_CHAT or GENIE_CONVERSATION_TYPE_AGENT (contract-2026 §1); sent only when seeded.</summary>
        public string? AgentType { get; set; }

        public JsonObject ToJson()
        {
            var json = new JsonObject { ["conversation_id"] = ConversationId };
            AddIfSet(json, "title", Title);
            AddIfSet(json, "agent_type", AgentType);
            if (CreatedTimestamp is { } created)
            {
                json["created_timestamp"] = created;
            }

            return json;
        }
    }

    private static void AddIfSet(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
