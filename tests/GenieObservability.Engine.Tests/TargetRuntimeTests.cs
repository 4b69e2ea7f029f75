namespace GenieObservability.Engine.Tests;

/// <summary>The suite runs once per target framework; each run must be on that framework's runtime, not a newer one it rolled forward to.</summary>
public sealed class TargetRuntimeTests
{
    [Fact]
    public void Runs_on_the_runtime_of_its_target_framework()
    {
        var target = AppContext.TargetFrameworkName ?? string.Empty;
        var version = new Version(target[(target.IndexOf("Version=v", StringComparison.Ordinal) + "Version=v".Length)..]);
        Assert.Equal(version.Major, Environment.Version.Major);
    }
}
