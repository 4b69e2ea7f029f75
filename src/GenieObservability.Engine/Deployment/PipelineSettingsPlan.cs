using System.Text.Json.Nodes;
using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Engine.Deployment;

/// <summary>
/// The pipeline settings the product manages and how an existing pipeline differs from them: its name, catalog and
/// schema, serverless, triggered (continuous false), the one file library, and the genie.* configuration (the
/// workspace ids from the install; the window keys only have to exist, since every refresh sets them). Everything
/// else in the spec (notifications, tags, other configuration keys...) is kept as it is.
/// </summary>
public sealed class PipelineSettingsPlan
{
    private PipelineSettingsPlan(JsonObject settings, IReadOnlyList<string> differences)
    {
        Settings = settings;
        Differences = differences;
    }

    /// <summary>The whole spec to PUT: the current one with the managed settings applied.</summary>
    public JsonObject Settings { get; }

    /// <summary>One line per managed setting that differs, e.g. "genie.workspace_ids: '' -> '123'"; empty when none does.</summary>
    public IReadOnlyList<string> Differences { get; }

    /// <summary>The CreatePipeline body of a new installation.</summary>
    public static JsonObject NewSettings(PipelineInstallRequest request, string filePath)
    {
        ArgumentNullException.ThrowIfNull(request);
        var configuration = new JsonObject();
        foreach (var key in PipelineSource.ConfigurationKeys)
        {
            configuration[key] = key == PipelineConfiguration.WorkspaceIds ? PipelineConfiguration.WorkspaceIdsValue(request.WorkspaceIds) : PipelineConfiguration.DefaultValue(key);
        }

        return new JsonObject
        {
            ["name"] = request.Name,
            ["catalog"] = request.Catalog,
            ["schema"] = request.Schema,
            ["serverless"] = true,
            ["continuous"] = false,
            ["development"] = false,
            ["channel"] = "CURRENT",
            ["libraries"] = Libraries(filePath),
            ["configuration"] = configuration,
        };
    }

    public static PipelineSettingsPlan Compare(JsonObject currentSpec, PipelineInstallRequest request, string filePath)
    {
        ArgumentNullException.ThrowIfNull(currentSpec);
        ArgumentNullException.ThrowIfNull(request);
        var settings = (JsonObject)currentSpec.DeepClone();
        var differences = new List<string>();

        // The service may answer in its own spelling: identifiers in lower case, a false boolean left out, a path without
        // its /Workspace mount. None of those is a difference, or every install would edit the pipeline again.
        void Set(string key, JsonNode value, string shown, bool same)
        {
            if (!same)
            {
                differences.Add($"{key}: {Show(settings[key])} -> {shown}");
                settings[key] = value;
            }
        }

        Set("name", request.Name, Quote(request.Name), (string?)settings["name"] == request.Name);
        Set("catalog", request.Catalog, Quote(request.Catalog), string.Equals((string?)settings["catalog"], request.Catalog, StringComparison.OrdinalIgnoreCase));

        // The legacy "target" names the schema too; only one of the two may be set.
        var schema = (string?)settings["schema"] ?? (string?)settings["target"];
        if (!string.Equals(schema, request.Schema, StringComparison.OrdinalIgnoreCase) || settings.ContainsKey("target"))
        {
            differences.Add($"schema: {Quote(schema)} -> {Quote(request.Schema)}");
            settings.Remove("target");
            settings["schema"] = request.Schema;
        }

        if (!Flag(settings["serverless"]))
        {
            differences.Add($"serverless: {Show(settings["serverless"])} -> true" + (settings.ContainsKey("clusters") ? " (cluster settings removed)" : string.Empty));
            settings["serverless"] = true;
            settings.Remove("clusters");
        }

        Set("continuous", false, "false", !Flag(settings["continuous"]));
        var libraries = settings["libraries"] as JsonArray;
        Set("libraries", Libraries(filePath), "file " + filePath, libraries is { Count: 1 } && libraries[0] is JsonObject { Count: 1 } library && SamePath((string?)library["file"]?["path"], filePath));

        if (settings["configuration"] is not JsonObject configuration)
        {
            configuration = [];
            settings["configuration"] = configuration;
        }

        foreach (var key in PipelineSource.ConfigurationKeys)
        {
            var current = configuration[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
            var wanted = key == PipelineConfiguration.WorkspaceIds
                ? PipelineConfiguration.WorkspaceIdsValue(request.WorkspaceIds)
                : current ?? PipelineConfiguration.DefaultValue(key);
            if (current != wanted)
            {
                differences.Add($"{key}: {Quote(current)} -> {Quote(wanted)}");
                configuration[key] = wanted;
            }
        }

        return new PipelineSettingsPlan(settings, differences);
    }

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static bool SamePath(string? current, string wanted)
    {
        try
        {
            return current is not null && WorkspacePath.Normalize(current) == WorkspacePath.Normalize(wanted);
        }
        catch (GenieObservabilityException)
        {
            return false;
        }
    }

    private static JsonArray Libraries(string filePath) => new(new JsonObject { ["file"] = new JsonObject { ["path"] = filePath } });

    private static string Quote(string? value) => value is null ? "(none)" : $"'{value}'";

    private static string Show(JsonNode? node) => node is null ? "(none)" : node is JsonValue value && value.TryGetValue<string>(out var text) ? Quote(text) : node.ToJsonString();
}
