using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// The warehouse part of context resolution, the one way every cmdlet reaches its tables: <see cref="WithWarehouse{T}"/>
/// for work done in one Run, <see cref="WarehouseOpener"/> for work that opens the warehouse itself (the job, the
/// ingestion run). Both resolve the context here, on the pipeline thread.
/// </summary>
public abstract partial class GenieContextCmdlet
{
    /// <summary>
    /// Resolves the warehouse now, on the pipeline thread: <paramref name="settings"/>, else what Connect-GenieWarehouse
    /// stored, else the embedded DuckDB file in the per-user data folder. Returns a function that opens it from any
    /// thread; the caller of that function disposes what it opened (which closes a DuckDB file for other processes).
    /// </summary>
    internal Func<IWarehouse> WarehouseOpener(WarehouseSettings? settings = null)
    {
        var (workspace, connected) = ContextSessions();
        settings ??= connected;
        var log = Log;
        return () => settings.Open(workspace, log);
    }

    /// <summary>
    /// Opens the warehouse on the pipeline thread, runs <paramref name="body"/> with it on Run's worker and closes it when
    /// the body ends. A failure to open, or a failure of the body, is a terminating error on <paramref name="target"/>
    /// carrying the engine's message (which says what to fix).
    /// </summary>
    internal T WithWarehouse<T>(object? target, Func<IWarehouse, CancellationToken, Task<T>> body, WarehouseSettings? settings = null)
    {
        try
        {
            var warehouse = WarehouseOpener(settings)();
            return Run(async token =>
            {
                await using (warehouse.ConfigureAwait(false))
                {
                    return await body(warehouse, token).ConfigureAwait(false);
                }
            });
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, target);
            throw;
        }
    }

    /// <inheritdoc cref="WithWarehouse{T}"/>
    internal void WithWarehouse(object? target, Func<IWarehouse, CancellationToken, Task> body, WarehouseSettings? settings = null) =>
        WithWarehouse<object?>(
            target,
            async (warehouse, token) =>
            {
                await body(warehouse, token).ConfigureAwait(false);
                return null;
            },
            settings);
}
