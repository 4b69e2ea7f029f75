using GenieObservability.Bench;

// dotnet run -c Release --project bench/GenieObservability.Bench -- <benchmark> [options]
var name = args.Length > 0 ? args[0] : "help";
var options = args.Skip(1).ToArray();
switch (name)
{
    case "ingestion":
        return await MessageIngestionBench.RunAsync(options);
    default:
        Console.WriteLine("Benchmarks: ingestion [--messages 5000] [--sequential 500] [--memory 100000] [--latency 50] [--throttle 16]");
        return name == "help" ? 0 : 2;
}
