using System.Collections.Concurrent;

namespace GenieObservability.Engine.Tests;

/// <summary>An operation log that keeps what it was told: every line in order, and warnings, verbose lines and progress apart.</summary>
internal sealed class RecordingLog : IOperationLog
{
    private readonly ConcurrentQueue<string> _lines = new();

    /// <summary>Every Verbose, Debug and Warning line, prefixed with its stream ("WARNING: ...").</summary>
    public IReadOnlyList<string> Lines => _lines.ToArray();

    public ConcurrentQueue<string> Warnings { get; } = new();

    public ConcurrentQueue<string> Verbose { get; } = new();

    public ConcurrentQueue<OperationProgress> Progress { get; } = new();

    void IOperationLog.Verbose(string message)
    {
        Verbose.Enqueue(message);
        _lines.Enqueue("VERBOSE: " + message);
    }

    void IOperationLog.Debug(string message) => _lines.Enqueue("DEBUG: " + message);

    void IOperationLog.Warning(string message)
    {
        Warnings.Enqueue(message);
        _lines.Enqueue("WARNING: " + message);
    }

    void IOperationLog.Progress(OperationProgress progress) => Progress.Enqueue(progress);
}
