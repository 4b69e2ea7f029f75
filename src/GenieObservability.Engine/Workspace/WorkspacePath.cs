namespace GenieObservability.Engine.Workspace;

/// <summary>
/// Workspace object paths as the product writes them: absolute, under the /Workspace mount (the form pipeline
/// libraries and bundles use; the Workspace API takes both spellings), no '.' or '..' segments, no trailing slash.
/// </summary>
public static class WorkspacePath
{
    public const string Mount = "/Workspace";

    /// <summary>The path in its /Workspace form; a path that is not an absolute workspace path is an InvalidArgument error.</summary>
    public static string Normalize(string path, string what = "workspace path")
    {
        if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/') || path.Any(char.IsControl) || path.Contains('\\', StringComparison.Ordinal))
        {
            throw Invalid(path, what);
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".." || s.Trim().Length == 0))
        {
            throw Invalid(path, what);
        }

        var joined = "/" + string.Join('/', segments);
        return joined == Mount || joined.StartsWith(Mount + "/", StringComparison.Ordinal) ? joined : Mount + joined;
    }

    public static string Combine(string folder, string name) => Normalize(folder) + "/" + name;

    /// <summary>The folder of a normalized path.</summary>
    public static string Parent(string path)
    {
        var normalized = Normalize(path);
        var slash = normalized.LastIndexOf('/');
        return slash <= 0 ? "/" : normalized[..slash];
    }

    /// <summary>The home folder of a user or service principal (its user name or application id).</summary>
    public static string Home(string userName) => Normalize("/Users/" + userName);

    private static GenieObservabilityException Invalid(string path, string what) => new(
        $"'{path}' is not a {what}: give an absolute workspace folder such as /Workspace/Users/you@example.com/GenieObservability or /Workspace/Shared/GenieObservability.",
        "InvalidWorkspacePath",
        GenieErrorCategory.InvalidArgument);
}
