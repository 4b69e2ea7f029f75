using System.Collections.Concurrent;
using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// Base of every cmdlet. Work runs on worker threads; every Write*, ShouldProcess and progress call is marshalled to
/// the pipeline thread through a queue the pipeline thread drains (PowerShell only accepts them there).
/// Ctrl+C (StopProcessing) cancels <see cref="CancellationToken"/>, which every engine call receives.
/// </summary>
public abstract class GenieCmdlet : PSCmdlet, IDisposable
{
    private const int PumpCapacity = 1024;
    private readonly CancellationTokenSource _stopping = new();
    private BlockingCollection<Action>? _pump;
    private int _pipelineThreadId;
    private PumpLog? _log;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <summary>The engine's view of this cmdlet's Verbose/Debug/Warning/Progress streams; callable from any thread.</summary>
    internal IOperationLog Log => _log ??= new PumpLog(this);

    protected override void BeginProcessing()
    {
        _pipelineThreadId = Environment.CurrentManagedThreadId;
        base.BeginProcessing();
    }

    protected override void StopProcessing()
    {
        _stopping.Cancel();
        base.StopProcessing();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a worker while the pipeline thread writes what it queues. Returns when the body
    /// has finished and everything it queued is written; rethrows its failure (cancellation becomes PipelineStoppedException).
    /// </summary>
    internal void Run(Func<CancellationToken, Task> body)
    {
        Run<object?>(async token =>
        {
            await body(token).ConfigureAwait(false);
            return null;
        });
    }

    internal T Run<T>(Func<CancellationToken, Task<T>> body)
    {
        if (_pump is not null)
        {
            throw new InvalidOperationException("Run is not re-entrant.");
        }

        EnsurePipelineThread();
        // Bounded: a worker that produces faster than the pipeline consumes waits, so a streamed read stays a stream
        // (and its cursor stays open) instead of piling every row up in this queue.
        using var pump = new BlockingCollection<Action>(PumpCapacity);
        _pump = pump;
        Task<T>? task = null;
        try
        {
            task = Task.Run(() => body(CancellationToken), CancellationToken.None);
            task.ContinueWith(_ => pump.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            foreach (var action in pump.GetConsumingEnumerable(CancellationToken.None))
            {
                action();
            }

            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }
        finally
        {
            // Leaving early (a downstream failure): stop the workers, which may be waiting for room in the queue.
            if (task is { IsCompleted: false })
            {
                _stopping.Cancel();
            }

            _pump = null;
        }
    }

    /// <summary>Writes an object from any thread: directly on the pipeline thread, queued otherwise.</summary>
    internal void Emit(object? item) => OnPipelineThread(() => WriteObject(item));

    internal void EmitError(ErrorRecord record) => OnPipelineThread(() => WriteError(record));

    internal void EmitError(Exception exception, object? target) => EmitError(ErrorRecords.From(exception, target));

    /// <summary>Asks ShouldProcess on the pipeline thread and waits for the answer; usable from a worker.</summary>
    internal bool AskShouldProcess(string target, string action)
    {
        if (IsPipelineThread || _pump is null)
        {
            return ShouldProcess(target, action);
        }

        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(() =>
        {
            try
            {
                answer.SetResult(ShouldProcess(target, action));
            }
            catch (Exception ex)
            {
                answer.SetException(ex);
            }
        });
        return answer.Task.WaitAsync(CancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>A terminating error for a call that cannot go on, with a message that says what to fix.</summary>
    internal void Fail(Exception exception, object? target = null) => ThrowTerminatingError(ErrorRecords.From(exception, target));

    internal void Fail(string message, string errorId, ErrorCategory category, object? target = null) =>
        ThrowTerminatingError(new ErrorRecord(new GenieObservabilityException(message, errorId, ErrorRecords.ToGenie(category)), errorId, category, target));

    private bool IsPipelineThread => _pipelineThreadId == 0 || Environment.CurrentManagedThreadId == _pipelineThreadId;

    private void EnsurePipelineThread()
    {
        if (_pipelineThreadId == 0)
        {
            _pipelineThreadId = Environment.CurrentManagedThreadId;
        }
    }

    private void OnPipelineThread(Action action)
    {
        if (IsPipelineThread || _pump is null)
        {
            action();
        }
        else
        {
            Enqueue(action);
        }
    }

    private void Enqueue(Action action)
    {
        var pump = _pump;
        if (pump is null)
        {
            return;
        }

        try
        {
            pump.Add(action, CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the pipeline no longer takes output.
        }
        catch (InvalidOperationException)
        {
            // The body finished and the queue closed: a late message from a straggling worker is dropped.
        }
    }

    private sealed class PumpLog(GenieCmdlet cmdlet) : IOperationLog
    {
        public void Verbose(string message) => cmdlet.OnPipelineThread(() => cmdlet.WriteVerbose(message));

        public void Debug(string message) => cmdlet.OnPipelineThread(() => cmdlet.WriteDebug(message));

        public void Warning(string message) => cmdlet.OnPipelineThread(() => cmdlet.WriteWarning(message));

        public void Progress(OperationProgress progress) => cmdlet.OnPipelineThread(() =>
        {
            var record = new ProgressRecord(progress.ActivityId, progress.Activity, string.IsNullOrEmpty(progress.Status) ? " " : progress.Status)
            {
                PercentComplete = Math.Clamp(progress.PercentComplete, -1, 100),
                RecordType = progress.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            cmdlet.WriteProgress(record);
        });
    }
}
