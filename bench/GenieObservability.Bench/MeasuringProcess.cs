using System.Diagnostics;

namespace GenieObservability.Bench;

/// <summary>A benchmark's measured side in a process of its own, so that its peak working set is its alone.</summary>
internal static class MeasuringProcess
{
    /// <summary>This bench program (under dotnet when it was started that way) with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo Self(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(MeasuringProcess).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs a measuring process and returns the fields of the RESULT line it printed last.</summary>
    public static async Task<string[]> RunForResultAsync(ProcessStartInfo start, string what, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{what} did not start.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return process.ExitCode == 0 && line is not null
            ? line["RESULT ".Length..].Split(' ')
            : throw new InvalidOperationException($"{what} exited with {process.ExitCode}: {output}");
    }
}
