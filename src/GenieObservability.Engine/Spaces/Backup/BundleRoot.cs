using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// A bundle's root folder: its <c>databricks.yml</c> (the files it includes and its variables' defaults) and where the
/// space files go (<c>src/</c> and <c>resources/</c>, the CLI's <c>bundle generate</c> defaults).
/// </summary>
public sealed class BundleRoot
{
    public const string SourceFolder = "src";
    public const string ResourceFolder = "resources";
    public const string JsonSuffix = ".geniespace.json";
    public const string ResourceSuffix = ".genie_space.yml";

    private static readonly string[] ConfigFileNames = ["databricks.yml", "databricks.yaml"];

    private YamlNode? _config;

    public BundleRoot(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The existing databricks.yml (or .yaml); the path a new one gets when there is none.</summary>
    public string ConfigFile => ConfigFileNames.Select(name => Path.Combine(Directory, name)).FirstOrDefault(File.Exists) ?? Path.Combine(Directory, ConfigFileNames[0]);

    public bool HasConfig => ConfigFileNames.Any(name => File.Exists(Path.Combine(Directory, name)));

    public static bool IsBundle(string folder) => ConfigFileNames.Any(name => File.Exists(Path.Combine(folder, name)));

    /// <summary>The bundle root above <paramref name="path"/> (a file or folder inside a bundle); null when there is none.</summary>
    public static BundleRoot? Above(string path)
    {
        for (var folder = Path.GetDirectoryName(Path.GetFullPath(path)); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            if (IsBundle(folder))
            {
                return new BundleRoot(folder);
            }
        }

        return null;
    }

    /// <summary>Bundle-relative path of the space's <c>.geniespace.json</c>, with '/' separators as the index stores it.</summary>
    public static string RelativeJsonPath(string key) => SourceFolder + "/" + key + JsonSuffix;

    public string JsonPath(string key) => Inside(RelativeJsonPath(key));

    public string ResourcePath(string key) => Inside(ResourceFolder + "/" + key + ResourceSuffix);

    /// <summary>The key of a <c>src/&lt;key&gt;.geniespace.json</c> path; null for any other file.</summary>
    public static string? KeyOfJsonPath(string relativePath) =>
        relativePath.StartsWith(SourceFolder + "/", StringComparison.Ordinal) && relativePath.EndsWith(JsonSuffix, StringComparison.Ordinal)
            ? relativePath[(SourceFolder.Length + 1)..^JsonSuffix.Length]
            : null;

    /// <summary>databricks.yml and every YAML file its <c>include</c> globs name, in a stable order.</summary>
    public IReadOnlyList<string> ConfigurationFiles()
    {
        var files = new List<string>();
        if (!HasConfig)
        {
            return files;
        }

        files.Add(ConfigFile);
        var patterns = BundleYaml.Child(Config(), "include") is YamlSequenceNode include
            ? include.Children.Select(BundleYaml.Text).OfType<string>().Select(GlobToRegex).ToList()
            : [];
        if (patterns.Count == 0)
        {
            return files;
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(Directory, file).Replace('\\', '/');
            if (!relative.Split('/').Any(part => part.StartsWith('.')) && patterns.Any(p => p.IsMatch(relative)) && !files.Contains(file))
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>The default of a variable in databricks.yml when it is a plain value (not a lookup); null otherwise.</summary>
    public string? VariableDefault(string name)
    {
        if (!HasConfig)
        {
            return null;
        }

        return BundleYaml.Text(BundleYaml.Child(BundleYaml.Child(BundleYaml.Child(Config(), "variables"), name), "default"));
    }

    /// <summary>Resolves a whole-value <c>${var.name}</c> reference from the variables' defaults; other text is returned as it is.</summary>
    public string? Resolve(string? value)
    {
        if (value is null || !value.StartsWith("${var.", StringComparison.Ordinal) || !value.EndsWith('}'))
        {
            return value;
        }

        return VariableDefault(value["${var.".Length..^1]);
    }

    /// <summary>
    /// The databricks.yml a new bundle of spaces gets: the direct deployment engine (genie_spaces needs it), CLI 1.3 or
    /// later, the resource files included, and the warehouse left to a variable set per target or on the command line.
    /// </summary>
    public string NewConfigText()
    {
        var name = BundleKey.FromTitle(Path.GetFileName(Directory));
        var yaml = new StringBuilder();
        yaml.Append("# Genie spaces as a Databricks Asset Bundle, written by Export-GenieSpaceBackup -Format Bundle because the folder had\n")
            .Append("# no databricks.yml. It is yours to edit and is never rewritten. Deploy with the Databricks CLI 1.3 or later:\n")
            .Append("#   databricks bundle deploy --var warehouse_id=<SQL warehouse id>\n")
            .Append("bundle:\n")
            .Append("  name: ").Append(BundleYaml.Scalar(name)).Append('\n')
            .Append("  engine: direct\n")
            .Append("  databricks_cli_version: \">= 1.3.0\"\n")
            .Append('\n')
            .Append("include:\n")
            .Append("  - ").Append(ResourceFolder).Append("/*.yml\n")
            .Append('\n')
            .Append("variables:\n")
            .Append("  warehouse_id:\n")
            .Append("    description: The SQL warehouse the Genie spaces run their queries on.\n");
        return yaml.ToString();
    }

    /// <summary>databricks.yml, parsed once.</summary>
    private YamlNode? Config() => _config ??= BundleYaml.Load(File.ReadAllText(ConfigFile), ConfigFile);

    private string Inside(string relative)
    {
        var full = Path.GetFullPath(Path.Combine(Directory, relative));
        if (!full.StartsWith(Path.TrimEndingDirectorySeparator(Directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new GenieObservabilityException($"The bundle path '{relative}' would leave '{Directory}'.", "UnsafeFileName", GenieErrorCategory.SecurityError);
        }

        return full;
    }

    private static Regex GlobToRegex(string glob)
    {
        var pattern = new StringBuilder("^");
        var text = glob.Replace('\\', '/').TrimStart('.', '/');
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '*' && i + 1 < text.Length && text[i + 1] == '*')
            {
                pattern.Append(".*");
                i++;
                if (i + 1 < text.Length && text[i + 1] == '/')
                {
                    i++;
                }
            }
            else
            {
                pattern.Append(text[i] switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(text[i].ToString()),
                });
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
