using System.Collections.Concurrent;
using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// Base of every cmdlet. Work runs on worker threads; every Write*, ShouldProcess and progress call is marshalled to
/// the pipeline thread through one queue that lives as long as the command (Begin, every Process, End): the pipeline
/// thread drains it inside each <see cref="Run{T}"/> and before anything it writes itself, so what a background worker
/// produces between two input records is written, in order, at the next drain. Ctrl+C (StopProcessing) cancels
/// <see cref="CancellationToken"/>, which every engine call receives.
/// </summary>
public abstract class GenieCmdlet : PSCmdlet, IDisposable
{
    // Bounded: a worker that produces faster than the pipeline consumes waits, so a streamed read stays a stream
    // (and its cursor stays open) instead of piling every row up in this queue.
    private const int PumpCapacity = 1024;
    private static readonly Action WakeUp = static () => { };
    private readonly CancellationTokenSource _stopping = new();
    private readonly BlockingCollection<Action> _pump = new(PumpCapacity);
    private bool _running;
    private bool _draining;
    private int _pipelineThreadId;
    private PumpLog? _log;

    /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
    protected CancellationToken CancellationToken => _stopping.Token;

    /// <summary>The engine's view of this cmdlet's Verbose/Debug/Warning/Progress streams; callable from any thread.</summary>
    internal IOperationLog Log => _log ??= new PumpLog(this);

    private protected bool IsPipelineThread => _pipelineThreadId == 0 || Environment.CurrentManagedThreadId == _pipelineThreadId;

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
            CloseOutput();
            _pump.Dispose();
            _stopping.Dispose();
        }
    }

    /// <summary>
    /// Ends the command's output (Dispose does too): what a straggling worker queues from now on is dropped, and one
    /// waiting for room in the queue goes on. Call it before waiting for background work that may still log.
    /// </summary>
    internal void CloseOutput()
    {
        if (!_pump.IsAddingCompleted)
        {
            _pump.CompleteAdding();
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a worker while the pipeline thread writes what it queues. Returns when the body
    /// has finished and everything queued before that is written; rethrows its failure (cancellation becomes PipelineStoppedException).
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
        if (_running)
        {
            throw new InvalidOperationException("Run is not re-entrant.");
        }

        EnsurePipelineThread();
        _running = true;
        Task<T>? task = null;
        try
        {
            // What background work queued since the last drain comes first.
            Drain();
            task = Task.Run(() => body(CancellationToken), CancellationToken.None);
            task.ContinueWith(_ => WakePump(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _draining = true;
            while (!task.IsCompleted)
            {
                _pump.Take(CancellationToken.None)();
            }

            _draining = false;
            Drain();
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

            _draining = false;
            _running = false;
        }
    }

    /// <summary>Writes an object from any thread: directly on the pipeline thread, queued otherwise.</summary>
    internal void Emit(object? item) => OnPipelineThread(() => WriteObject(item));

    internal void EmitError(ErrorRecord record) => OnPipelineThread(() => WriteError(record));

    internal void EmitError(Exception exception, object? target) => EmitError(ErrorRecords.From(exception, target));

    /// <summary>Asks ShouldProcess on the pipeline thread and waits for the answer; usable from a worker.</summary>
    internal bool AskShouldProcess(string target, string action)
    {
        if (IsPipelineThread)
        {
            Drain();
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

    private void EnsurePipelineThread()
    {
        if (_pipelineThreadId == 0)
        {
            _pipelineThreadId = Environment.CurrentManagedThreadId;
        }
    }

    /// <summary>On the pipeline thread: written now, after what workers queued before it; from a worker: queued.</summary>
    private void OnPipelineThread(Action action)
    {
        if (IsPipelineThread)
        {
            Drain();
            action();
        }
        else
        {
            Enqueue(action);
        }
    }

    /// <summary>Writes what is queued, in order; a no-op while Run's loop is already writing (an action that writes again).</summary>
    private void Drain()
    {
        if (_draining)
        {
            return;
        }

        _draining = true;
        try
        {
            while (_pump.TryTake(out var action))
            {
                action();
            }
        }
        finally
        {
            _draining = false;
        }
    }

    /// <summary>
    /// Wakes Run's loop once its body has finished, also after Ctrl+C (unlike <see cref="Enqueue"/>, which then drops).
    /// When the queue is full the loop is not waiting for an item anyway.
    /// </summary>
    private void WakePump()
    {
        try
        {
            _pump.TryAdd(WakeUp);
        }
        catch (InvalidOperationException)
        {
            // The command ended (the queue is closed): no loop is waiting.
        }
    }

    private void Enqueue(Action action)
    {
        try
        {
            _pump.Add(action, CancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the pipeline no longer takes output.
        }
        catch (InvalidOperationException)
        {
            // The command ended and the queue closed (or the command was disposed): a straggling worker's late message is dropped.
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
