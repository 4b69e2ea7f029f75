namespace GenieObservability;

/// <summary>
/// How the engine reports what it is doing. The cmdlet layer forwards these to the Verbose, Debug, Warning and
/// Progress streams on the pipeline thread; implementations must be safe to call from any thread.
/// Messages must never contain a secret: callers redact before logging.
/// </summary>
public interface IOperationLog
{
    void Verbose(string message);

    void Debug(string message);

    void Warning(string message);

    void Progress(OperationProgress progress);
}
