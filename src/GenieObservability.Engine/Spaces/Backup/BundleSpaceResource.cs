using System.Text;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// One <c>resources.genie_spaces.&lt;key&gt;</c> entry of a bundle (contract 2026 §9): what <see cref="ToYaml"/> writes
/// into <c>resources/&lt;key&gt;.genie_space.yml</c>, in the CLI's field order (title, warehouse_id, file_path,
/// description, parent_path), and what <see cref="ReadFile"/> finds in any bundle YAML file. Permissions and lifecycle
/// are not in the API's space; they are kept from the existing file so a person's additions survive a re-export.
/// </summary>
public sealed class BundleSpaceResource
{
    public const string WarehouseVariable = "${var.warehouse_id}";
    public const string WorkspacePrefix = "/Workspace";

    public required string Key { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    /// <summary>A warehouse id, or a <c>${var.name}</c> reference.</summary>
    public string? WarehouseId { get; init; }

    /// <summary>The <c>.geniespace.json</c> file, relative to the YAML file's folder.</summary>
    public string? FilePath { get; init; }

    /// <summary>The workspace folder, with the <c>/Workspace</c> prefix the bundle schema requires.</summary>
    public string? ParentPath { get; init; }

    /// <summary>An inline serialized_space (a JSON string, or YAML marshalled to JSON); null when <see cref="FilePath"/> is used.</summary>
    public JsonNode? InlineSerializedSpace { get; init; }

    /// <summary>Each permission's fields (level, user_name | group_name | service_principal_name) in file order.</summary>
    public IReadOnlyList<IReadOnlyList<KeyValuePair<string, string>>> Permissions { get; init; } = [];

    public bool? PreventDestroy { get; init; }

    /// <summary>The YAML file the entry was read from.</summary>
    public string? SourceFile { get; init; }

    /// <summary>The API's parent_path (without /Workspace) as the bundle writes it (with it), as the CLI's generate does.</summary>
    public static string? WithWorkspacePrefix(string? parentPath) =>
        string.IsNullOrEmpty(parentPath) || parentPath.StartsWith(WorkspacePrefix + "/", StringComparison.Ordinal) ? parentPath : WorkspacePrefix + parentPath;

    /// <summary>The bundle's parent_path as the API returns it (without /Workspace).</summary>
    public static string? WithoutWorkspacePrefix(string? parentPath) =>
        parentPath is not null && parentPath.StartsWith(WorkspacePrefix + "/", StringComparison.Ordinal) ? parentPath[WorkspacePrefix.Length..] : parentPath;

    /// <summary>The whole resource file: LF line ends, trailing newline.</summary>
    public string ToYaml()
    {
        var yaml = new StringBuilder();
        yaml.Append("resources:\n  genie_spaces:\n    ").Append(BundleYaml.Scalar(Key)).Append(":\n");
        // The CLI writes the title double-quoted; the rest plain where YAML allows.
        Field(yaml, "title", Title, quoted: true);
        Field(yaml, "warehouse_id", WarehouseId);
        Field(yaml, "file_path", FilePath);
        Field(yaml, "description", string.IsNullOrEmpty(Description) ? null : Description);
        Field(yaml, "parent_path", string.IsNullOrEmpty(ParentPath) ? null : ParentPath);
        if (Permissions.Count > 0)
        {
            yaml.Append("      permissions:\n");
            foreach (var permission in Permissions)
            {
                var first = true;
                foreach (var (name, value) in permission)
                {
                    yaml.Append(first ? "        - " : "          ").Append(name).Append(": ").Append(BundleYaml.Scalar(value)).Append('\n');
                    first = false;
                }
            }
        }

        if (PreventDestroy is { } preventDestroy)
        {
            yaml.Append("      lifecycle:\n        prevent_destroy: ").Append(preventDestroy ? "true" : "false").Append('\n');
        }

        return yaml.ToString();
    }

    /// <summary>Every genie_spaces entry of one bundle YAML file (none when it declares none).</summary>
    public static IReadOnlyList<BundleSpaceResource> ReadFile(string path)
    {
        var root = BundleYaml.Load(File.ReadAllText(path), path);
        if (BundleYaml.Child(BundleYaml.Child(root, "resources"), "genie_spaces") is not YamlMappingNode spaces)
        {
            return [];
        }

        var resources = new List<BundleSpaceResource>();
        foreach (var (keyNode, node) in spaces.Children)
        {
            var key = BundleYaml.Text(keyNode) ?? string.Empty;
            var serialized = BundleYaml.Child(node, "serialized_space");
            resources.Add(new BundleSpaceResource
            {
                Key = key,
                Title = BundleYaml.Text(BundleYaml.Child(node, "title")),
                Description = BundleYaml.Text(BundleYaml.Child(node, "description")),
                WarehouseId = BundleYaml.Text(BundleYaml.Child(node, "warehouse_id")),
                FilePath = BundleYaml.Text(BundleYaml.Child(node, "file_path")),
                ParentPath = BundleYaml.Text(BundleYaml.Child(node, "parent_path")),
                InlineSerializedSpace = serialized switch
                {
                    null => null,
                    YamlScalarNode scalar => BundleYaml.Text(scalar) is { } json ? Content.CanonicalJson.Parse(json) : null,
                    _ => BundleYaml.ToJson(serialized),
                },
                Permissions = ReadPermissions(BundleYaml.Child(node, "permissions")),
                PreventDestroy = BundleYaml.Text(BundleYaml.Child(BundleYaml.Child(node, "lifecycle"), "prevent_destroy")) is { } flag ? bool.TryParse(flag, out var value) && value : null,
                SourceFile = path,
            });
        }

        return resources;
    }

    private static List<IReadOnlyList<KeyValuePair<string, string>>> ReadPermissions(YamlNode? node)
    {
        var permissions = new List<IReadOnlyList<KeyValuePair<string, string>>>();
        if (node is not YamlSequenceNode sequence)
        {
            return permissions;
        }

        foreach (var item in sequence.Children.OfType<YamlMappingNode>())
        {
            permissions.Add(item.Children
                .Select(p => KeyValuePair.Create(BundleYaml.Text(p.Key) ?? string.Empty, BundleYaml.Text(p.Value) ?? string.Empty))
                .Where(p => p.Key.Length > 0)
                .ToList());
        }

        return permissions;
    }

    private static void Field(StringBuilder yaml, string name, string? value, bool quoted = false)
    {
        if (value is not null)
        {
            yaml.Append("      ").Append(name).Append(": ").Append(BundleYaml.Scalar(value, quoted)).Append('\n');
        }
    }
}
