using System.Text.Json.Nodes;
using GenieObservability.Engine.IO;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Publish;

/// <summary>
/// Which target space each source space was published to, per target workspace, so a re-run updates instead of
/// creating a duplicate (titles are not identities). Stored as deterministic JSON (sorted entries, canonical form) so
/// it can live in git beside the backups.
/// </summary>
public sealed class PublishMap
{
    public const string DefaultFileName = ".genie-publish-map.json";
    public const string Format = "genie-publish-map/1";

    private readonly SortedDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public PublishMap(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    public int Count => _entries.Count;

    public static PublishMap Load(string path)
    {
        var map = new PublishMap(path);
        if (!File.Exists(map.Path))
        {
            return map;
        }

        var root = CanonicalJson.Parse(File.ReadAllText(map.Path)) as JsonObject;
        if (root?["spaces"] is not JsonArray spaces)
        {
            throw new GenieObservabilityException($"{map.Path} is not a publish map (no 'spaces' list).", "InvalidPublishMap", GenieErrorCategory.InvalidData);
        }

        foreach (var item in spaces.OfType<JsonObject>())
        {
            var entry = new Entry(
                Value(item, "target_host") ?? string.Empty,
                Value(item, "source_workspace_id") ?? string.Empty,
                Value(item, "source_space_id") ?? string.Empty,
                Value(item, "target_space_id") ?? string.Empty);
            if (entry.SourceSpaceId.Length > 0 && entry.TargetSpaceId.Length > 0)
            {
                map._entries[entry.Key] = entry;
            }
        }

        return map;
    }

    public string? TargetFor(Uri targetHost, string? sourceWorkspaceId, string sourceSpaceId) =>
        _entries.TryGetValue(Key(NormaliseHost(targetHost), sourceWorkspaceId ?? string.Empty, sourceSpaceId), out var entry) ? entry.TargetSpaceId : null;

    /// <summary>Records a mapping; returns true when it is new or different.</summary>
    public bool Set(Uri targetHost, string? sourceWorkspaceId, string sourceSpaceId, string targetSpaceId)
    {
        var entry = new Entry(NormaliseHost(targetHost), sourceWorkspaceId ?? string.Empty, sourceSpaceId, targetSpaceId);
        if (_entries.TryGetValue(entry.Key, out var existing) && existing == entry)
        {
            return false;
        }

        _entries[entry.Key] = entry;
        return true;
    }

    public string ToText()
    {
        var spaces = new JsonArray();
        foreach (var entry in _entries.Values)
        {
            spaces.Add(new JsonObject
            {
                ["source_space_id"] = entry.SourceSpaceId,
                ["source_workspace_id"] = entry.SourceWorkspaceId,
                ["target_host"] = entry.TargetHost,
                ["target_space_id"] = entry.TargetSpaceId,
            });
        }

        return CanonicalJson.Format(new JsonObject { ["format"] = Format, ["spaces"] = spaces });
    }

    /// <summary>Writes the map (temporary file, then rename) when its bytes differ from the file's.</summary>
    public void Save() => AtomicFile.WriteIfChanged(Path, CanonicalJson.ToUtf8(ToText()));

    public static string NormaliseHost(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    private static string Key(string host, string workspaceId, string spaceId) => host + "|" + workspaceId + "|" + spaceId;

    private static string? Value(JsonObject obj, string key) => obj[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private sealed record Entry(string TargetHost, string SourceWorkspaceId, string SourceSpaceId, string TargetSpaceId)
    {
        public string Key => PublishMap.Key(TargetHost, SourceWorkspaceId, SourceSpaceId);
    }
}
