using GenieObservability.Bench;

// dotnet run -c Release --project bench/GenieObservability.Bench -- <benchmark> [options]
var name = args.Length > 0 ? args[0] : "help";
var options = args.Skip(1).ToArray();
switch (name)
{
    case "ingestion":
        return await MessageIngestionBench.RunAsync(options);
    case "pipeline":
        return await PipelineRefreshBench.RunAsync(options);
    default:
        Console.WriteLine("Benchmarks: ingestion [--messages 5000] [--sequential 500] [--memory 100000] [--latency 50] [--throttle 16]");
        Console.WriteLine("            pipeline [--rows 1000000] [--days 90]");
        return name == "help" ? 0 : 2;
}
