using System.Text.Json.Nodes;
using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Spaces.Drift;

/// <summary>
/// What differs between a space's backup (before) and the live space (after), in the terms of the space editor:
/// title, description, warehouse, folder, tables and metric views added or removed, instructions, sample questions,
/// example SQL, SQL functions, join specs, SQL snippets and benchmarks, each by its id (tables by identifier), and
/// anything else in the configuration by its JSON path. A version 1 backup is compared as the service stores it.
/// </summary>
public static class SpaceDifferences
{
    /// <summary>The lists of the serialized space an admin edits, where to find them, and how an item reads.</summary>
    private static readonly ListKind[] Lists =
    [
        new(GenieSpaceAspect.Table, ["data_sources", "tables"], "identifier", Compact),
        new(GenieSpaceAspect.MetricView, ["data_sources", "metric_views"], "identifier", Compact),
        new(GenieSpaceAspect.Instruction, ["instructions", "text_instructions"], "id", item => Lines(item["content"])),
        new(GenieSpaceAspect.SampleQuestion, ["config", "sample_questions"], "id", item => Lines(item["question"])),
        new(GenieSpaceAspect.ExampleSql, ["instructions", "example_question_sqls"], "id", item => Lines(item["question"]) + "\n" + Lines(item["sql"])),
        new(GenieSpaceAspect.SqlFunction, ["instructions", "sql_functions"], "id", item => Text(item["identifier"]) ?? Compact(item)),
        new(GenieSpaceAspect.JoinSpec, ["instructions", "join_specs"], "id", Compact),
        new(GenieSpaceAspect.SqlSnippet, ["instructions", "sql_snippets", "filters"], "id", Compact),
        new(GenieSpaceAspect.SqlSnippet, ["instructions", "sql_snippets", "expressions"], "id", Compact),
        new(GenieSpaceAspect.SqlSnippet, ["instructions", "sql_snippets", "measures"], "id", Compact),
        new(GenieSpaceAspect.Benchmark, ["benchmarks", "questions"], "id", Compact),
    ];

    /// <param name="backupFolder">The backup's parent_path (API form); null when the backup does not say.</param>
    /// <param name="liveFolder">The live space's parent_path.</param>
    public static IReadOnlyList<GenieSpaceDifference> Compare(SpaceContent backup, string? backupFolder, SpaceContent live, string? liveFolder)
    {
        ArgumentNullException.ThrowIfNull(backup);
        ArgumentNullException.ThrowIfNull(live);
        var differences = new List<GenieSpaceDifference>();
        Field(differences, GenieSpaceAspect.Title, backup.Title, live.Title);
        Field(differences, GenieSpaceAspect.Description, backup.Description, live.Description);
        if (!string.IsNullOrEmpty(backup.WarehouseId))
        {
            Field(differences, GenieSpaceAspect.Warehouse, backup.WarehouseId, live.WarehouseId);
        }

        if (!string.IsNullOrEmpty(backupFolder))
        {
            Field(differences, GenieSpaceAspect.Folder, backupFolder, liveFolder);
        }

        var before = SpaceContent.AsStored(backup.SerializedSpace)?.DeepClone() ?? new JsonObject();
        var after = live.SerializedSpace?.DeepClone() ?? new JsonObject();
        foreach (var list in Lists)
        {
            CompareList(differences, list, Detach(before, list.Path), Detach(after, list.Path));
        }

        CompareRest(differences, string.Empty, before, after);
        return differences;
    }

    private static void Field(List<GenieSpaceDifference> differences, GenieSpaceAspect aspect, string? before, string? after)
    {
        if (!string.Equals(before ?? string.Empty, after ?? string.Empty, StringComparison.Ordinal))
        {
            differences.Add(new GenieSpaceDifference { Aspect = aspect, Change = GenieSpaceChange.Changed, Before = before, After = after });
        }
    }

    private static void CompareList(List<GenieSpaceDifference> differences, ListKind list, JsonArray? before, JsonArray? after)
    {
        var old = Keyed(list, before);
        var now = Keyed(list, after);
        foreach (var (key, item) in old)
        {
            if (!now.TryGetValue(key, out var current))
            {
                differences.Add(new GenieSpaceDifference { Aspect = list.Aspect, Item = key, Change = GenieSpaceChange.Removed, Before = list.Describe(item) });
            }
            else if (!JsonNode.DeepEquals(item, current))
            {
                differences.Add(new GenieSpaceDifference { Aspect = list.Aspect, Item = key, Change = GenieSpaceChange.Changed, Before = list.Describe(item), After = list.Describe(current) });
            }
        }

        foreach (var (key, item) in now.Where(p => !old.ContainsKey(p.Key)))
        {
            differences.Add(new GenieSpaceDifference { Aspect = list.Aspect, Item = key, Change = GenieSpaceChange.Added, After = list.Describe(item) });
        }

        var common = old.Keys.Where(now.ContainsKey).ToList();
        var commonNow = now.Keys.Where(old.ContainsKey).ToList();
        if (!common.SequenceEqual(commonNow, StringComparer.Ordinal))
        {
            differences.Add(new GenieSpaceDifference { Aspect = list.Aspect, Change = GenieSpaceChange.Reordered, Before = string.Join(", ", common), After = string.Join(", ", commonNow) });
        }
    }

    /// <summary>The rest of the configuration (what no list above covers), compared key by key down to the values that differ.</summary>
    private static void CompareRest(List<GenieSpaceDifference> differences, string path, JsonNode? before, JsonNode? after)
    {
        if (before is JsonObject oldObject && after is JsonObject newObject)
        {
            foreach (var key in oldObject.Select(p => p.Key).Union(newObject.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                var hadIt = oldObject.TryGetPropertyValue(key, out var oldValue);
                var hasIt = newObject.TryGetPropertyValue(key, out var newValue);
                var childPath = path.Length == 0 ? key : path + "." + key;
                if (hadIt && hasIt)
                {
                    CompareRest(differences, childPath, oldValue, newValue);
                }
                else if (!IsEmpty(hadIt ? oldValue : newValue))
                {
                    differences.Add(new GenieSpaceDifference { Aspect = GenieSpaceAspect.Other, Item = childPath, Change = hadIt ? GenieSpaceChange.Removed : GenieSpaceChange.Added, Before = hadIt ? Compact(oldValue) : null, After = hasIt ? Compact(newValue) : null });
                }
            }
        }
        else if (!JsonNode.DeepEquals(before, after))
        {
            differences.Add(new GenieSpaceDifference { Aspect = GenieSpaceAspect.Other, Item = path, Change = GenieSpaceChange.Changed, Before = Compact(before), After = Compact(after) });
        }
    }

    /// <summary>Removes the list at <paramref name="path"/> from the tree (so the rest can be compared) and returns it.</summary>
    private static JsonArray? Detach(JsonNode root, string[] path)
    {
        var parent = root;
        foreach (var part in path[..^1])
        {
            parent = parent?[part];
        }

        if (parent is not JsonObject obj || !obj.TryGetPropertyValue(path[^1], out var value) || value is not JsonArray list)
        {
            return null;
        }

        obj.Remove(path[^1]);
        return list;
    }

    /// <summary>Items by id (identifier for data sources); an item without one is known by its whole text.</summary>
    private static Dictionary<string, JsonNode> Keyed(ListKind list, JsonArray? items)
    {
        var keyed = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var item in items?.OfType<JsonNode>() ?? [])
        {
            var key = Text(item[list.KeyName]) ?? Compact(item);
            keyed.TryAdd(key, item);
        }

        return keyed;
    }

    private static bool IsEmpty(JsonNode? node) => node is null || node is JsonObject { Count: 0 } || node is JsonArray { Count: 0 };

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A text field: the API stores text as an array of lines, some ending in a line break; one line each.</summary>
    private static string Lines(JsonNode? node) => node switch
    {
        JsonArray lines => string.Join("\n", lines.Select(l => (Text(l) ?? Compact(l)).TrimEnd('\n'))),
        _ => Text(node) ?? Compact(node),
    };

    private static string Compact(JsonNode? node) => CanonicalJson.Compact(node);

    private sealed record ListKind(GenieSpaceAspect Aspect, string[] Path, string KeyName, Func<JsonNode, string> Describe);
}
