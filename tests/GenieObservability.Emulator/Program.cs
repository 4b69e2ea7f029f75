using GenieObservability.Emulator;

// Started by Pester and the demo: prints "EMULATOR_TLS_URL=<https url>" (with --tls-cert) and then "EMULATOR_URL=<base url>"
// once listening; stops on Ctrl+C, SIGTERM or end of stdin.
var options = EmulatorOptions.FromCommandLine(args);
await using var emulator = await WorkspaceEmulator.StartAsync(options).ConfigureAwait(false);
if (emulator.TlsBaseAddress is { } tls)
{
    Console.Out.WriteLine("EMULATOR_TLS_URL=" + tls.ToString().TrimEnd('/'));
}

Console.Out.WriteLine("EMULATOR_URL=" + emulator.BaseAddress.ToString().TrimEnd('/'));
Console.Out.Flush();

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) =>
{
    try
    {
        stop.Cancel();
    }
    catch (ObjectDisposedException)
    {
        // Main already returned and disposed the token source.
    }
};
_ = Task.Run(async () =>
{
    // A parent that dies closes our stdin; exit with it so no emulator outlives its test run.
    if (options.ExitOnStdinClose)
    {
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }

        stop.Cancel();
    }
});

try
{
    await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
}
catch (OperationCanceledException)
{
}
