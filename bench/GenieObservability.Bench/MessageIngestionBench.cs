using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Emulator;
using GenieObservability.Engine.Ingestion;
using static GenieObservability.Bench.IngestionWorkload;

namespace GenieObservability.Bench;

/// <summary>
/// Message ingestion end to end: emulator over real HTTP with injected latency, the real Genie client, the ingestion
/// pool, and batched MERGEs into a DuckDB temp file. Prints throughput as a ratio of the bound ThrottleLimit / latency,
/// the speed-up over a sequential fetch, warehouse statements per 1,000 messages, and peak working set for a large run.
/// </summary>
internal sealed class MessageIngestionBench : IBenchmark
{
    public string Name => "ingestion";

    public string Description => "messages/s vs ThrottleLimit/latency and vs sequential, statements per 1,000, peak memory: [--messages 5000] [--sequential 500] [--memory 100000] [--latency 50] [--throttle 16] [--canned]";

    public async Task RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var args = arguments.ToArray();
        var messages = Option(args, "--messages", 5000);
        var sequential = Option(args, "--sequential", 500);
        var memory = Option(args, "--memory", 100_000);
        var latency = Option(args, "--latency", 50);
        var throttle = Option(args, "--throttle", 16);
        var canned = args.Contains("--canned");
        var bound = throttle * 1000.0 / latency;

        var child = Array.IndexOf(args, "--memory-child");
        if (child >= 0)
        {
            await MemoryChildAsync(new Uri(args[child + 1]), int.Parse(args[child + 2], CultureInfo.InvariantCulture), throttle).ConfigureAwait(false);
            return;
        }

        Console.WriteLine($"Message ingestion benchmark: emulator latency {latency} ms, ThrottleLimit {throttle}, bound {bound:F0} msg/s, DuckDB temp file, BatchSize 500");

        if (memory > 0)
        {
            await MemoryAsync(memory, throttle, cancellationToken).ConfigureAwait(false);
        }

        if (messages <= 0)
        {
            return;
        }

        var parallel = await MeasureAsync(messages, latency, throttle, seedStore: !canned);
        Console.WriteLine(Line("parallel", parallel));
        Console.WriteLine($"  ratio to bound: {parallel.Rate / bound:F3} (target >= 0.85)");
        Console.WriteLine($"  warehouse statements per 1,000 messages: {parallel.Statements * 1000.0 / parallel.Stored:F1}");

        if (sequential > 0)
        {
            var one = await MeasureAsync(sequential, latency, 1, seedStore: !canned);
            Console.WriteLine(Line("sequential", one));
            Console.WriteLine($"  speed-up of ThrottleLimit {throttle} over sequential: {parallel.Rate / one.Rate:F1}x (target >= 12x)");
        }
    }

    private static async Task<Result> MeasureAsync(int count, int latency, int throttle, bool seedStore)
    {
        await using var emulator = await StartEmulatorAsync(0, seedStore ? count : 0, latency);
        if (!seedStore)
        {
            // Every GET answered with one canned COMPLETED body: still real HTTP, parsing and MERGEs; ids come from the audit items.
            emulator.State.Faults.Add(new FaultRule
            {
                Method = "GET",
                PathPattern = MessagePathPattern,
                Kind = FaultKind.RawBody,
                Status = 200,
                ContentType = "application/json",
                Body = Message(0).ToJsonString(),
            });
        }

        Console.Error.WriteLine($"  seeded {count} messages ({(seedStore ? "store" : "canned body")})");
        return await IngestAsync(emulator.BaseAddress, count, throttle).ConfigureAwait(false);
    }

    /// <summary>
    /// Peak working set is per process, and the emulator's store and request log grow with every message: the emulator runs
    /// in its own process (seeded from a file with every message), and each size is ingested by a fresh child process of
    /// this benchmark that holds only the client side. A tenth of the size is run too, to show whether memory stays flat.
    /// </summary>
    private static async Task MemoryAsync(int count, int throttle, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("genie-bench-seed-").FullName;
        try
        {
            var seed = Path.Combine(directory, "seed.json");
            WriteSeed(seed, count);
            Console.Error.WriteLine($"  seed file: {count} messages, {new FileInfo(seed).Length / 1048576.0:F0} MB");
            using var emulator = EmulatorProcess.Start(seed);
            foreach (var size in new[] { Math.Max(1, count / 10), count })
            {
                var result = await RunChildAsync(emulator.BaseAddress, size, throttle, gen0Budget: null, cancellationToken).ConfigureAwait(false);
                PrintMemory($"memory run, {size:N0} messages (no latency, own process)", result);
            }

            // The runtime sizes its gen0 budget from the L3 cache the machine reports (4/5 of it): a VM reporting a large
            // L3 lets hundreds of MB of garbage build up between collections. The same run with the budget a 32 MiB L3 gives.
            Console.WriteLine($"  this machine reports an L3 cache of {L3CacheDescription()}");
            var typical = await RunChildAsync(emulator.BaseAddress, count, throttle, gen0Budget: 0x1999999, cancellationToken).ConfigureAwait(false);
            PrintMemory($"memory run, {count:N0} messages, gen0 budget of a 32 MiB L3 (DOTNET_GCgen0size=0x1999999)", typical);

            // The same ingestion as an admin runs it: the built module in pwsh, objects piped into the cmdlet.
            if (FindBuiltModule() is not { } module)
            {
                Console.WriteLine("  pwsh run skipped: build the module first (./build.ps1 build) and run from the repository");
                return;
            }

            foreach (var (size, gen0Budget) in new (int, int?)[] { (Math.Max(1, count / 10), null), (count, null), (count, 0x1999999) })
            {
                var (elapsed, peak, baseline) = await RunPwshAsync(module, emulator.BaseAddress, size, throttle, gen0Budget, cancellationToken).ConfigureAwait(false);
                var label = gen0Budget is null ? string.Empty : ", gen0 budget of a 32 MiB L3";
                Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "memory run in pwsh, {0:N0} messages piped into Import-GenieMessageDetails{1}: {2:F1} s = {3:F1} msg/s", size, label, elapsed.TotalSeconds, size / elapsed.TotalSeconds));
                Console.WriteLine($"  peak working set: {peak:F0} MB (target < 300 MB, ratio {peak / 300:F2}); pwsh with the module loaded and connected, before the first message: {baseline:F0} MB");
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>out/GenieObservability/&lt;version&gt;/GenieObservability.psd1 under the current directory or one above it.</summary>
    private static string? FindBuiltModule()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            var modules = Path.Combine(directory.FullName, "out", "GenieObservability");
            if (Directory.Exists(modules))
            {
                return Directory.GetFiles(modules, "GenieObservability.psd1", SearchOption.AllDirectories).OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault();
            }
        }

        return null;
    }

    private static async Task<(TimeSpan Elapsed, double PeakMb, double BaselineMb)> RunPwshAsync(string module, Uri emulator, int count, int throttle, int? gen0Budget, CancellationToken cancellationToken)
    {
        // `dotnet pwsh` is the repository's pinned tool: run where its manifest is (the folder holding out/).
        var root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(module)!, "..", "..", ".."));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var argument in new[] { "pwsh", "-NoProfile", "-NonInteractive", "-File", Path.Combine(AppContext.BaseDirectory, "IngestInPwsh.ps1"), "-ModulePath", module, "-Count", count.ToString(CultureInfo.InvariantCulture), "-SpaceId", SpaceId, "-ThrottleLimit", throttle.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DATABRICKS_HOST"] = emulator.ToString().TrimEnd('/');
        start.Environment["DATABRICKS_TOKEN"] = Token;
        start.Environment["NO_COLOR"] = "1";
        SetGen0Budget(start, gen0Budget);
        var parts = await MeasuringProcess.RunForResultAsync(start, "The pwsh run", cancellationToken).ConfigureAwait(false);
        var stored = long.Parse(parts[0], CultureInfo.InvariantCulture);
        if (stored != count)
        {
            throw new InvalidOperationException($"Expected {count} stored in pwsh, got {stored}.");
        }

        return (TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)), double.Parse(parts[2], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture));
    }

    private static void SetGen0Budget(ProcessStartInfo start, int? gen0Budget)
    {
        if (gen0Budget is { } budget)
        {
            start.Environment["DOTNET_GCgen0size"] = "0x" + budget.ToString("X", CultureInfo.InvariantCulture);
        }
    }

    private static void PrintMemory(string label, Result result)
    {
        Console.WriteLine(Line(label, result));
        Console.WriteLine($"  peak working set: {result.PeakWorkingSetMb:F0} MB (target < 300 MB, ratio {result.PeakWorkingSetMb / 300:F2}), after the run: {result.WorkingSetMb:F0} MB, managed heap after a full GC: {result.ManagedHeapMb:F0} MB");
    }

    private static string L3CacheDescription()
    {
        const string path = "/sys/devices/system/cpu/cpu0/cache/index3/size";
        return File.Exists(path) ? File.ReadAllText(path).Trim() : "(unknown)";
    }

    private static async Task<Result> RunChildAsync(Uri emulator, int count, int throttle, int? gen0Budget, CancellationToken cancellationToken)
    {
        var start = MeasuringProcess.Self("ingestion", "--throttle", throttle.ToString(CultureInfo.InvariantCulture), "--memory-child", emulator.ToString(), count.ToString(CultureInfo.InvariantCulture));
        SetGen0Budget(start, gen0Budget);
        var parts = await MeasuringProcess.RunForResultAsync(start, "The measuring process", cancellationToken).ConfigureAwait(false);
        return new Result(
            count,
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            TimeSpan.FromSeconds(double.Parse(parts[1], CultureInfo.InvariantCulture)),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            double.Parse(parts[3], CultureInfo.InvariantCulture),
            double.Parse(parts[4], CultureInfo.InvariantCulture),
            double.Parse(parts[5], CultureInfo.InvariantCulture));
    }

    /// <summary>The measured side of the memory run: ingest from an emulator in another process, print one RESULT line.</summary>
    private static async Task MemoryChildAsync(Uri emulator, int count, int throttle)
    {
        var r = await IngestAsync(emulator, count, throttle).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {r.Stored} {r.Elapsed.TotalSeconds:F3} {r.Statements} {r.PeakWorkingSetMb:F1} {r.WorkingSetMb:F1} {r.ManagedHeapMb:F1}"));
    }

    /// <summary>Ingests <paramref name="count"/> messages from the emulator at <paramref name="host"/> into a fresh DuckDB temp file.</summary>
    private static async Task<Result> IngestAsync(Uri host, int count, int throttle)
    {
        using var session = NewSession(host);
        GC.Collect();
        var (summary, elapsed) = await IngestionWorkload.IngestAsync(session, Items(host, count), new MessageIngestionOptions { ThrottleLimit = throttle, BatchSize = 500, ProgressInterval = TimeSpan.FromSeconds(5) }, new ProgressToStandardError(verbose: false));
        if (summary.Stored != count || summary.Failed != 0)
        {
            throw new InvalidOperationException($"Expected {count} stored, got {summary.Stored} stored and {summary.Failed} failed.");
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64 / 1048576.0;
        var workingSet = process.WorkingSet64 / 1048576.0;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return new Result(count, summary.Stored, elapsed, summary.WarehouseStatements, peak, workingSet, GC.GetTotalMemory(forceFullCollection: true) / 1048576.0);
    }

    /// <summary>An emulator seed (see the emulator's seed format) with the bench token, space and messages 0..count-1, streamed to disk.</summary>
    private static void WriteSeed(string path, int count)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartArray("tokens");
        json.WriteStringValue(Token);
        json.WriteEndArray();
        json.WriteStartObject("genie");
        json.WritePropertyName("spaces");
        new JsonArray(Space()).WriteTo(json);
        json.WriteStartArray("messages");
        for (var n = 0; n < count; n++)
        {
            Message(n).WriteTo(json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Line(string label, Result r) => string.Format(
        CultureInfo.InvariantCulture,
        "{0}: {1} messages in {2:F1} s = {3:F1} msg/s, {4} warehouse statements",
        label,
        r.Stored,
        r.Elapsed.TotalSeconds,
        r.Rate,
        r.Statements);

    private sealed record Result(int Count, long Stored, TimeSpan Elapsed, long Statements, double PeakWorkingSetMb, double WorkingSetMb, double ManagedHeapMb)
    {
        public double Rate => Stored / Elapsed.TotalSeconds;
    }
}
