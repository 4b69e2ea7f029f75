using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// What the two ADO.NET backends (DuckDB, ODBC) share: statements run one at a time on a shared connection under a gate,
/// each streaming query on a connection of its own (a reader may upsert what it reads), Ctrl+C cancels the command, and
/// a provider error becomes <c>WarehouseStatementFailed</c> naming the statement. A backend supplies its connections,
/// its parameter binding and its error message. Only System.Data.Common types appear here, so code that names a
/// backend needs no reference to its provider.
/// </summary>
public abstract class AdoNetWarehouse : WarehouseBase
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _disposed;

    protected AdoNetWarehouse(SqlDialect dialect, TableNames tables)
        : base(dialect, tables)
    {
    }

    protected bool IsDisposed => _disposed;

    protected override async Task<long> ExecuteCoreAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = CreateCommand(await OpenSharedAsync(cancellationToken).ConfigureAwait(false), sql, parameters);
            return await RunAsync(command, sql, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async IAsyncEnumerable<SqlRow> QueryCoreAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var connection = await OpenForQueryAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var command = CreateCommand(connection, sql, parameters);
            using var cancel = cancellationToken.Register(static c => ((DbCommand)c!).Cancel(), command);
            DbDataReader reader;
            try
            {
                reader = await ExecuteReaderAsync(command).ConfigureAwait(false);
            }
            catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw Translate(ex, sql);
            }

            cancellationToken.ThrowIfCancellationRequested();
            using (reader)
            {
                foreach (var row in ReadRows<DbException>(reader, ex => Translate(ex, sql), cancellationToken))
                {
                    yield return row;
                }
            }
        }
        finally
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await CloseAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <paramref name="action"/> alone on the shared connection (what an execute does, for a backend's own fast paths).</summary>
    protected async Task<T> WithSharedConnectionAsync<T>(Func<DbConnection, Task<T>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action(await OpenSharedAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs a statement off the caller's thread; cancellation cancels the command, a provider error is translated.</summary>
    protected async Task<long> RunAsync(DbCommand command, string sql, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var cancel = cancellationToken.Register(static c => ((DbCommand)c!).Cancel(), command);
        try
        {
            var affected = await Task.Run(command.ExecuteNonQuery, CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return affected;
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Translate(ex, sql);
        }
    }

    /// <summary>The connection statements run on, called under the gate: opened on first use, pointed at the schema once it exists.</summary>
    protected abstract ValueTask<DbConnection> OpenSharedAsync(CancellationToken cancellationToken);

    /// <summary>A new connection for one streaming query, disposed when the query ends.</summary>
    protected abstract ValueTask<DbConnection> OpenForQueryAsync(CancellationToken cancellationToken);

    /// <summary>The command with the SQL's named markers rewritten to this backend's and every value bound.</summary>
    protected abstract DbCommand CreateCommand(DbConnection connection, string sql, IReadOnlyDictionary<string, object?>? parameters);

    /// <summary>Opens the reader of a streaming query (by default off the caller's thread, columns read in order).</summary>
    protected virtual Task<DbDataReader> ExecuteReaderAsync(DbCommand command) =>
        Task.Run(() => command.ExecuteReader(CommandBehavior.SequentialAccess), CancellationToken.None);

    /// <summary>Closes the shared connection and whatever else the backend holds; called once, under the gate.</summary>
    protected abstract ValueTask CloseAsync();

    /// <summary>Where the statement ran, for the error message ("The ODBC warehouse", "The embedded warehouse 'x.duckdb'").</summary>
    protected abstract string Description { get; }

    protected GenieObservabilityException Translate(DbException ex, string sql) =>
        new($"{Description} rejected a statement: {ex?.Message} (statement: {Shorten(sql)})", "WarehouseStatementFailed", GenieErrorCategory.InvalidOperation, ex);
}
