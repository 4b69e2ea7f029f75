using System.Runtime.CompilerServices;

namespace GenieObservability.Engine.Tests;

/// <summary>Files of the repository the tests read (shipped SQL, bundle files, test data).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = Root();

    public static string InRepository(params string[] parts) => Path.Combine([RepositoryRoot, .. parts]);

    private static string Root([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));
}
