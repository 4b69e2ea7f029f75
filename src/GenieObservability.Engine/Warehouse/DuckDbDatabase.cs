using System.Data;
using DuckDB.NET.Data;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// One open DuckDB database per warehouse file in this process, shared and reference-counted; every connection is
/// duplicated from it. The file is attached to an in-memory root with row groups of 16,384 rows instead of 122,880: a
/// checkpoint rewrites the row group being appended to, and its transient memory grows with that group (100,000
/// message_details rows: 211 MB peak at the default size, 149 MB at 16,384; a 1,000,000-row refresh takes ~25% longer).
/// The row group size is an attach option, not stored in the file, so it is given on every open. Sharing is not
/// optional: file locks do not exclude the process that holds them, so two instances attaching one file could both write.
/// </summary>
internal sealed class DuckDbDatabase
{
    public const string InMemory = ":memory:";
    private const string Alias = "genie_warehouse";
    private const int RowGroupSize = 16_384;

    private static readonly Dictionary<string, DuckDbDatabase> Shared = new(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);

    private readonly DuckDBConnection _root;
    private int _references;

    private DuckDbDatabase(string path, DuckDBConnection root)
    {
        Path = path;
        _root = root;
    }

    /// <summary>The database file (full path), or <c>:memory:</c> (never shared).</summary>
    public string Path { get; }

    /// <summary>The catalog a connection knows the database by: the attached file, or DuckDB's in-memory database.</summary>
    public static string CatalogOf(string path) => path == InMemory ? "memory" : Alias;

    /// <summary>The open database for <paramref name="path"/>, opening it if this process has not; pair with <see cref="Release"/>.</summary>
    public static DuckDbDatabase Acquire(string path)
    {
        lock (Shared)
        {
            if (path == InMemory || !Shared.TryGetValue(path, out var database))
            {
                database = new DuckDbDatabase(path, OpenRoot(path));
                if (path != InMemory)
                {
                    Shared[path] = database;
                }
            }

            database._references++;
            return database;
        }
    }

    /// <summary>A new connection on this database, with the warehouse file as its default catalog (and its default schema, <c>main</c>).</summary>
    public DuckDBConnection Connect()
    {
        DuckDBConnection connection;
        lock (Shared)
        {
            ObjectDisposedException.ThrowIf(_references == 0, this);
            connection = _root.Duplicate();
        }

        try
        {
            if (connection.State != ConnectionState.Open)
            {
                connection.Open();
            }

            if (Path != InMemory)
            {
                Run(connection, "USE " + Alias);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Closes the database once its last user releases it (open connections keep the instance alive until closed).</summary>
    public void Release()
    {
        lock (Shared)
        {
            if (--_references > 0)
            {
                return;
            }

            if (Shared.TryGetValue(Path, out var current) && ReferenceEquals(current, this))
            {
                Shared.Remove(Path);
            }

            _root.Dispose();
        }
    }

    private static DuckDBConnection OpenRoot(string path)
    {
        var root = new DuckDBConnection("Data Source=" + InMemory);
        try
        {
            root.Open();
            if (path != InMemory)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
                Run(root, $"ATTACH '{path.Replace("'", "''", StringComparison.Ordinal)}' AS {Alias} (ROW_GROUP_SIZE {RowGroupSize})");
                Run(root, "USE " + Alias);
            }

            return root;
        }
        catch (DuckDBException ex)
        {
            root.Dispose();
            throw IsLock(ex)
                ? new GenieObservabilityException(
                    $"The warehouse file '{path}' is locked: another process holds it open for writing. Close that process (or wait for it to finish), or connect to another file with Connect-GenieWarehouse -Path.",
                    "WarehouseLocked",
                    GenieErrorCategory.ResourceBusy,
                    ex)
                : new GenieObservabilityException($"The warehouse file '{path}' could not be opened: {ex.Message}", "WarehouseOpenFailed", GenieErrorCategory.ResourceUnavailable, ex);
        }
    }

    private static bool IsLock(DuckDBException ex) =>
        ex.Message.Contains("Could not set lock", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("Conflicting lock", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs a statement that has no parameters and no result.</summary>
    internal static void Run(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
