using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GenieObservability.Engine.IO;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>
/// The ODBC driver configuration of the test process, and the driver log files it must not write.
/// psqlODBC takes its process-wide CommLog and Debug settings from the [PostgreSQL Unicode] section of odbcinst.ini,
/// however a connection names the driver, and applies them whenever no connection is open: under Debian's
/// <c>CommLog=1</c>, closing the last open connection logs its <c>PQfinish</c> to psqlodbc_&lt;program&gt;_&lt;user&gt;&lt;pid&gt;.log in the driver's log folder,
/// whatever the connection string says. So the tests point unixODBC (ODBCSYSINI, read once, at the first ODBC call) at an
/// odbcinst.ini of their own, with logging off and the drivers the tests name, before any driver is loaded.
/// </summary>
internal static class OdbcTestEnvironment
{
    /// <summary>psqlODBC's log folder on Unix (no Logdir is configured): fixed, whatever TMPDIR says.</summary>
    private const string DriverLogDirectory = "/tmp";

    /// <summary>The section psqlODBC's Unicode build reads its process-wide settings from (its compiled-in name).</summary>
    private const string PostgreSqlDriverSection = "PostgreSQL Unicode";

    private static readonly string[] DriverDirectories = ["/usr/lib/x86_64-linux-gnu/odbc", "/usr/lib/aarch64-linux-gnu/odbc", "/usr/lib/odbc", "/usr/local/lib"];
    private static readonly string[] DriverLogPrefixes = ["psqlodbc_", "mylog_"];

    private static readonly Lazy<Dictionary<string, long>> DriverLogsBefore = new(Configure);

    public static string PostgreSqlDriver =>
        Driver("psqlodbcw.so") ?? throw new InvalidOperationException("psqlODBC (psqlodbcw.so) is not installed: apt-get install unixodbc odbc-postgresql.");

    /// <summary>Configures the process once; call before the first ODBC connection.</summary>
    public static void EnsureConfigured() => _ = DriverLogsBefore.Value;

    /// <summary>
    /// psqlODBC log files of this process written since it was configured: new, or grown. A file an earlier process
    /// with the same id left behind is not counted unless it grows (only a live process with this id can append to it).
    /// </summary>
    public static IReadOnlyList<string> DriverLogsWritten()
    {
        if (!DriverLogsBefore.IsValueCreated)
        {
            throw new InvalidOperationException("The ODBC test environment was not configured before the first connection.");
        }

        var before = DriverLogsBefore.Value;
        return DriverLogs().Where(log => !before.TryGetValue(log.Key, out var length) || log.Value > length).Select(log => log.Key).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>A setting of psqlODBC's odbcinst.ini section as the driver reads it for the whole process (CommLog, Debug).</summary>
    public static string PostgreSqlDriverSetting(string key)
    {
        var value = new byte[64];
        var length = GetPrivateProfileString(Utf8Z(PostgreSqlDriverSection), Utf8Z(key), Utf8Z(string.Empty), value, value.Length, Utf8Z("odbcinst.ini"));
        return Encoding.UTF8.GetString(value, 0, Math.Max(0, length));
    }

    private static Dictionary<string, long> Configure()
    {
        var before = DriverLogs();
        var directory = Path.Combine(AppContext.BaseDirectory, "odbc");
        Directory.CreateDirectory(directory);
        var ini = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"[{PostgreSqlDriverSection}]")
            .AppendLine(CultureInfo.InvariantCulture, $"Driver={PostgreSqlDriver}")
            .AppendLine("Debug=0")
            .AppendLine("CommLog=0");
        if (Driver("libsqlite3odbc.so") is { } sqlite)
        {
            ini.AppendLine().AppendLine("[SQLite3]").AppendLine(CultureInfo.InvariantCulture, $"Driver={sqlite}");
        }

        AtomicFile.WriteAllBytes(Path.Combine(directory, "odbcinst.ini"), Encoding.UTF8.GetBytes(ini.ToString()));

        // unixODBC reads the native environment, which Environment.SetEnvironmentVariable does not change on Unix.
        if (SetEnv(Utf8Z("ODBCSYSINI"), Utf8Z(directory), 1) != 0)
        {
            throw new InvalidOperationException($"setenv ODBCSYSINI failed (errno {Marshal.GetLastPInvokeError()}).");
        }

        return before;
    }

    private static string? Driver(string library) => DriverDirectories.Select(d => Path.Combine(d, library)).FirstOrDefault(File.Exists);

    /// <summary>psqlODBC's names: psqlodbc_ (CommLog) or mylog_ (Debug), then program_, then user and process id.</summary>
    private static Dictionary<string, long> DriverLogs()
    {
        var suffix = string.Create(CultureInfo.InvariantCulture, $"_{Environment.UserName}{Environment.ProcessId}.log");
        return DriverLogPrefixes
            .SelectMany(prefix => Directory.EnumerateFiles(DriverLogDirectory, prefix + "*.log"))
            .Where(f => Path.GetFileName(f).EndsWith(suffix, StringComparison.Ordinal))
            .ToDictionary(f => f, f => new FileInfo(f).Length, StringComparer.Ordinal);
    }

    private static byte[] Utf8Z(string value) => Encoding.UTF8.GetBytes(value + '\0');

    [DllImport("libc", EntryPoint = "setenv", ExactSpelling = true, SetLastError = true)]
    private static extern int SetEnv(byte[] name, byte[] value, int overwrite);

    [DllImport("libodbcinst.so.2", EntryPoint = "SQLGetPrivateProfileString", ExactSpelling = true)]
    private static extern int GetPrivateProfileString(byte[] section, byte[] entry, byte[] defaultValue, byte[] value, int valueSize, byte[] fileName);
}
