using System.Runtime.InteropServices;
using System.Text;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// DuckDB's Linux builds allocate through their own jemalloc, which keeps freed pages resident for a second before
/// returning them. A long ingestion upserts several batches a second, each freeing megabytes, so those pages pile up
/// (100,000 messages: ~100 MB resident beyond what DuckDB had in use). <see cref="ReleaseFreedPages"/> purges them after
/// each batch, as DuckDB itself does when a database closes. Where the library has no jemalloc (Windows, macOS) the
/// entry point is missing and this does nothing.
/// </summary>
internal static class DuckDbAllocator
{
    /// <summary>jemalloc's MALLCTL_ARENAS_ALL: "arena.4096.purge" purges every arena.</summary>
    private static readonly byte[] PurgeAllArenas = Encoding.ASCII.GetBytes("arena.4096.purge\0");

    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>False where the loaded DuckDB has no jemalloc entry point (or before a failed call found that out).</summary>
    public static bool IsAvailable => !_unavailable;

    public static void ReleaseFreedPages()
    {
        if (_unavailable)
        {
            return;
        }

        try
        {
            _ = Mallctl(PurgeAllArenas, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero, 0);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true;
        }
    }

    [DllImport("duckdb", EntryPoint = "duckdb_je_mallctl", ExactSpelling = true)]
    private static extern int Mallctl(byte[] name, IntPtr oldValue, IntPtr oldLength, IntPtr newValue, nuint newLength);
}
