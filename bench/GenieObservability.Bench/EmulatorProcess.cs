using System.Diagnostics;

namespace GenieObservability.Bench;

/// <summary>
/// The workspace emulator in its own process, loaded from a seed file, so a measured process holds only the client side:
/// the emulator's store and request log grow with every message and would otherwise count in the measurement.
/// It exits when its stdin closes, so it never outlives the benchmark.
/// </summary>
internal sealed class EmulatorProcess : IDisposable
{
    private readonly Process _process;

    private EmulatorProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static EmulatorProcess Start(string seedPath)
    {
        var emulator = Path.Combine(AppContext.BaseDirectory, "GenieObservability.Emulator.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { emulator, "--port", "0", "--seed", seedPath })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The emulator process did not start.");
        var ready = Task.Run(() =>
        {
            while (process.StandardOutput.ReadLine() is { } line)
            {
                if (line.StartsWith("EMULATOR_URL=", StringComparison.Ordinal))
                {
                    return new Uri(line["EMULATOR_URL=".Length..].TrimEnd('/') + "/");
                }
            }

            return null;
        });
        if (!ready.Wait(TimeSpan.FromMinutes(2)) || ready.Result is null)
        {
            process.Kill();
            process.Dispose();
            throw new InvalidOperationException("The emulator did not report its address within 2 minutes.");
        }

        return new EmulatorProcess(process, ready.Result);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(5000))
            {
                _process.Kill();
            }
        }

        _process.Dispose();
    }
}
