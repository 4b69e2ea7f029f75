using System.Collections.Concurrent;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>An operation log that keeps what it was told, for assertions on warnings and progress.</summary>
internal sealed class RecordingLog : IOperationLog
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public ConcurrentQueue<string> Verbose { get; } = new();

    public ConcurrentQueue<OperationProgress> Progress { get; } = new();

    void IOperationLog.Verbose(string message) => Verbose.Enqueue(message);

    void IOperationLog.Debug(string message)
    {
    }

    void IOperationLog.Warning(string message) => Warnings.Enqueue(message);

    void IOperationLog.Progress(OperationProgress progress) => Progress.Enqueue(progress);
}
