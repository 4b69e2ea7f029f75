using System.Text.Json.Nodes;
using GenieObservability.Engine.IO;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>One space in <see cref="BackupIndex"/>.</summary>
/// <param name="File">The backup file, relative to the index's folder with '/' separators.</param>
/// <param name="WorkspaceUrl">Where the space lives; written for the bundle format, whose files do not say.</param>
/// <param name="WarehouseId">The space's warehouse; written for the bundle format, whose files name a variable instead.</param>
public sealed record BackupIndexEntry(string WorkspaceId, string SpaceId, string File, string? Etag, string? ContentHash, string? WorkspaceUrl = null, string? WarehouseId = null);

/// <summary>
/// <c>.genie-backup-index.json</c> beside the backups: for each space, its file, the source etag and the content hash.
/// These change with every edit, so they live here rather than in the space's own file, which then changes only where
/// the space changed (one edited instruction is a one-hunk diff). For a bundle it also records what the bundle files
/// cannot: which space and workspace each resource came from, and the warehouse its variable stood for.
/// Deterministic JSON, rewritten only when it changes.
/// </summary>
public sealed class BackupIndex
{
    public const string FileName = ".genie-backup-index.json";
    public const string Format = "genie-backup-index/1";

    private readonly SortedDictionary<string, BackupIndexEntry> _entries = new(StringComparer.Ordinal);

    private BackupIndex(string path) => Path = path;

    public string Path { get; }

    public IEnumerable<BackupIndexEntry> Entries => _entries.Values;

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
                var entry = new BackupIndexEntry(
                    Text(item, "workspace_id") ?? string.Empty,
                    Text(item, "space_id") ?? string.Empty,
                    Text(item, "file") ?? string.Empty,
                    Text(item, "etag"),
                    Text(item, "content_hash"),
                    Text(item, "workspace_url"),
                    Text(item, "warehouse_id"));
                index._entries[Key(entry.WorkspaceId, entry.SpaceId)] = entry;
            }
        }

        return index;
    }

    public BackupIndexEntry? Get(string workspaceId, string spaceId) => _entries.GetValueOrDefault(Key(workspaceId, spaceId));

    /// <summary>The entry of a space in any workspace (a bundle folder holds the spaces of one workspace).</summary>
    public BackupIndexEntry? FindSpace(string spaceId) => _entries.Values.FirstOrDefault(e => string.Equals(e.SpaceId, spaceId, StringComparison.Ordinal));

    /// <summary>The entry whose file is <paramref name="file"/> (relative, '/' separators).</summary>
    public BackupIndexEntry? FindFile(string file) => _entries.Values.FirstOrDefault(e => string.Equals(e.File, file, StringComparison.Ordinal));

    public void Set(BackupIndexEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _entries[Key(entry.WorkspaceId, entry.SpaceId)] = entry;
    }

    public string ToText()
    {
        var spaces = new JsonArray();
        foreach (var entry in _entries.Values)
        {
            var item = new JsonObject
            {
                ["content_hash"] = entry.ContentHash,
                ["etag"] = entry.Etag,
                ["file"] = entry.File,
                ["space_id"] = entry.SpaceId,
                ["workspace_id"] = entry.WorkspaceId,
            };
            if (entry.WarehouseId is not null)
            {
                item["warehouse_id"] = entry.WarehouseId;
            }

            if (entry.WorkspaceUrl is not null)
            {
                item["workspace_url"] = entry.WorkspaceUrl;
            }

            spaces.Add(item);
        }

        return CanonicalJson.Format(new JsonObject { ["format"] = Format, ["spaces"] = spaces });
    }

    /// <summary>True when <see cref="Save"/> would write.</summary>
    public bool NeedsSave => (_entries.Count > 0 || File.Exists(Path)) && !AtomicFile.HasBytes(Path, CanonicalJson.ToUtf8(ToText()));

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
}
