using System.Text.Json.Nodes;
using GenieObservability.Engine.Files;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// <c>.genie-backup-index.json</c> beside the backups: for each space, its file, the source etag and the content hash.
/// These change with every edit, so they live here rather than in the space's own file, which then changes only where
/// the space changed (one edited instruction is a one-hunk diff). Deterministic JSON, rewritten only when it changes.
/// </summary>
public sealed class BackupIndex
{
    public const string FileName = ".genie-backup-index.json";
    public const string Format = "genie-backup-index/1";

    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    private BackupIndex(string path) => Path = path;

    public string Path { get; }

    public static BackupIndex Load(string directory)
    {
        var index = new BackupIndex(System.IO.Path.Combine(System.IO.Path.GetFullPath(directory), FileName));
        if (!File.Exists(index.Path))
        {
            return index;
        }

        if (CanonicalJson.Parse(File.ReadAllText(index.Path)) is JsonObject { } root && root["spaces"] is JsonArray spaces)
        {
            foreach (var item in spaces.OfType<JsonObject>())
            {
                var entry = new Entry(Text(item, "workspace_id") ?? string.Empty, Text(item, "space_id") ?? string.Empty, Text(item, "file") ?? string.Empty, Text(item, "etag"), Text(item, "content_hash"));
                index._entries[Key(entry.WorkspaceId, entry.SpaceId)] = entry;
            }
        }

        return index;
    }

    public (string File, string? Etag, string? ContentHash)? Get(string workspaceId, string spaceId) =>
        _entries.TryGetValue(Key(workspaceId, spaceId), out var entry) ? (entry.File, entry.Etag, entry.ContentHash) : null;

    public void Set(string workspaceId, string spaceId, string file, string? etag, string? contentHash) =>
        _entries[Key(workspaceId, spaceId)] = new Entry(workspaceId, spaceId, file, etag, contentHash);

    public string ToText()
    {
        var spaces = new JsonArray();
        foreach (var entry in _entries.Values)
        {
            spaces.Add(new JsonObject
            {
                ["content_hash"] = entry.ContentHash,
                ["etag"] = entry.Etag,
                ["file"] = entry.File,
                ["space_id"] = entry.SpaceId,
                ["workspace_id"] = entry.WorkspaceId,
            });
        }

        return CanonicalJson.Format(new JsonObject { ["format"] = Format, ["spaces"] = spaces });
    }

    /// <summary>True when <see cref="Save"/> would write.</summary>
    public bool NeedsSave
    {
        get
        {
            if (_entries.Count == 0 && !File.Exists(Path))
            {
                return false;
            }

            return !AtomicFile.HasBytes(Path, CanonicalJson.ToUtf8(ToText()));
        }
    }

    /// <summary>Writes the index when its bytes differ from the file's (nothing is written for an empty, new index).</summary>
    public void Save()
    {
        if (_entries.Count == 0 && !File.Exists(Path))
        {
            return;
        }

        AtomicFile.WriteIfChanged(Path, CanonicalJson.ToUtf8(ToText()));
    }

    private static string Key(string workspaceId, string spaceId) => workspaceId + "|" + spaceId;

    private static string? Text(JsonObject obj, string key) => obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed record Entry(string WorkspaceId, string SpaceId, string File, string? Etag, string? ContentHash);
}
