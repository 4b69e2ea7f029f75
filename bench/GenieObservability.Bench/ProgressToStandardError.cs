namespace GenieObservability.Bench;

/// <summary>Progress (and, when asked, -Verbose) lines on stderr, so a slow run shows where it is.</summary>
internal sealed class ProgressToStandardError(bool verbose) : IOperationLog
{
    public void Verbose(string message)
    {
        if (verbose)
        {
            Console.Error.WriteLine("  verbose: " + message);
        }
    }

    public void Debug(string message)
    {
    }

    public void Warning(string message) => Console.Error.WriteLine("  warning: " + message);

    public void Progress(OperationProgress progress) => Console.Error.WriteLine("  " + progress.Status);
}
