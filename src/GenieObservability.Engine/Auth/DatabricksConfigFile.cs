namespace GenieObservability.Engine.Auth;

/// <summary>
/// A ~/.databrickscfg file: INI sections (profiles) of lower-case keys (host, token, client_id, ...), plus the CLI's
/// [__settings__] section whose default_profile names the profile used when none is given. Keys of [DEFAULT] are not
/// inherited by other profiles, so two profiles never mix credentials.
/// </summary>
public sealed class DatabricksConfigFile
{
    public const string SettingsSection = "__settings__";
    public const string DefaultProfile = "DEFAULT";

    private readonly Dictionary<string, Dictionary<string, string>> _sections;

    private DatabricksConfigFile(string path, Dictionary<string, Dictionary<string, string>> sections)
    {
        Path = path;
        _sections = sections;
    }

    public string Path { get; }

    /// <summary>The profile names in file order, without [__settings__].</summary>
    public IReadOnlyList<string> ProfileNames => _sections.Keys.Where(name => name != SettingsSection).ToArray();

    /// <summary>[__settings__] default_profile, when set.</summary>
    public string? DefaultProfileSetting =>
        _sections.TryGetValue(SettingsSection, out var settings) && settings.TryGetValue("default_profile", out var name) && name.Length > 0 ? name : null;

    /// <summary>~/.databrickscfg, or DATABRICKS_CONFIG_FILE when set.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var configured = environment("DATABRICKS_CONFIG_FILE");
        return string.IsNullOrWhiteSpace(configured) ? System.IO.Path.Combine(HomeDirectory(environment), ".databrickscfg") : ExpandHome(configured.Trim(), environment);
    }

    public static string ExpandHome(string path, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path == "~" || path.StartsWith("~/", StringComparison.Ordinal) || path.StartsWith("~\\", StringComparison.Ordinal)
            ? System.IO.Path.Combine(HomeDirectory(environment), path.Length > 2 ? path[2..] : string.Empty)
            : path;
    }

    public static DatabricksConfigFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new GenieObservabilityException(
                $"The Databricks config file '{path}' does not exist. Create it (databricks configure), pass -ConfigFile, or set DATABRICKS_CONFIG_FILE.",
                "GenieConfigFileNotFound",
                GenieErrorCategory.ObjectNotFound);
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static DatabricksConfigFile Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim().TrimStart('\uFEFF');
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[')
            {
                var close = line.IndexOf(']', StringComparison.Ordinal);
                var name = close > 1 ? line[1..close].Trim() : string.Empty;
                if (name.Length == 0)
                {
                    throw Malformed(path, lineNumber, "a section header must look like [profile-name]");
                }

                if (!sections.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    sections[name] = current;
                }

                continue;
            }

            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0)
            {
                throw Malformed(path, lineNumber, "expected 'key = value'");
            }

            if (current is null)
            {
                // Keys before any section belong to DEFAULT, as in Python's configparser and go-ini.
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                sections.TryAdd(DefaultProfile, current);
                current = sections[DefaultProfile];
            }

            var key = line[..separator].Trim().ToLowerInvariant();
            var value = line[(separator + 1)..].Trim();
            if (value.Length >= 2 && ((value[0] == '"' && value[^1] == '"') || (value[0] == '\'' && value[^1] == '\'')))
            {
                value = value[1..^1];
            }

            current[key] = value;
        }

        return new DatabricksConfigFile(path, sections);
    }

    public IReadOnlyDictionary<string, string>? Profile(string name) =>
        name != SettingsSection && _sections.TryGetValue(name, out var profile) ? profile : null;

    private static GenieObservabilityException Malformed(string path, int line, string what) =>
        new($"The Databricks config file '{path}' is malformed at line {line}: {what}.", "GenieConfigFileInvalid", GenieErrorCategory.InvalidData);

    private static string HomeDirectory(Func<string, string?> environment)
    {
        var home = environment("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = environment("USERPROFILE");
        }

        return string.IsNullOrEmpty(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home;
    }
}
