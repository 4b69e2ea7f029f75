using GenieObservability.Bench;

// dotnet run --project bench/GenieObservability.Bench -c Release -- <benchmark> [arguments]
IBenchmark[] benchmarks =
[
    new WarehouseUpsertBenchmark(),
    new MessageIngestionBench(),
    new RateLimitBench(),
    new PipelineBenchmark(),
    new ReportBenchmark(),
];

var selected = args.Length == 0 ? null : benchmarks.FirstOrDefault(b => string.Equals(b.Name, args[0], StringComparison.OrdinalIgnoreCase));
if (selected is null)
{
    Console.WriteLine("Usage: GenieObservability.Bench <benchmark> [arguments]");
    foreach (var benchmark in benchmarks)
    {
        Console.WriteLine($"  {benchmark.Name,-12} {benchmark.Description}");
    }

    return args.Length == 0 ? 0 : 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
await selected.RunAsync(args.Skip(1).ToList(), cancel.Token);
return 0;
