using System.Reflection;
using System.Runtime.Versioning;

namespace GenieObservability.Engine.Tests;

/// <summary>The suite runs once per target framework; each run must be on that framework's runtime, not a newer one it rolled forward to.</summary>
public sealed class TargetRuntimeTests
{
    [Fact]
    public void Runs_on_the_runtime_of_its_target_framework()
    {
        // The test assembly's own target (the test host's entry assembly may target an older framework).
        var target = new FrameworkName(typeof(TargetRuntimeTests).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()!.FrameworkName);
        Assert.Equal(target.Version.Major, Environment.Version.Major);
    }
}
