using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>
/// A private PostgreSQL cluster on 127.0.0.1 for the ODBC tests: initdb into a temp folder, started on a free port,
/// stopped and deleted at the end. PostgreSQL refuses to run as root, so as root it runs as the postgres user.
/// The ODBC connection names psqlODBC by path; the driver's logging is off through <see cref="OdbcTestEnvironment"/>.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private static readonly string[] BinDirectories = ["/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin", "/usr/lib/postgresql/15/bin"];

    private string _root = string.Empty;
    private string _bin = string.Empty;

    public int Port { get; private set; }

    public string ConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        OdbcTestEnvironment.EnsureConfigured();
        _bin = BinDirectories.FirstOrDefault(d => File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql.");
        _root = Directory.CreateTempSubdirectory("genie-pg-").FullName;
        var data = Path.Combine(_root, "data");
        Port = FreePort();
        if (IsRoot)
        {
            await RunAsync("chown", ["-R", "postgres:postgres", _root]);
        }

        await RunAsPostgresAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await RunAsPostgresAsync("pg_ctl", ["-D", data, "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1", "-l", Path.Combine(_root, "server.log"), "-w", "start"]);
        ConnectionString = $"Driver={OdbcTestEnvironment.PostgreSqlDriver};Server=127.0.0.1;Port={Port};Database=postgres;Uid=postgres;Pwd=unused;UseDeclareFetch=1;Fetch=1000;BoolsAsChar=0;";
    }

    public async Task DisposeAsync()
    {
        if (_root.Length == 0)
        {
            return;
        }

        try
        {
            await RunAsPostgresAsync("pg_ctl", ["-D", Path.Combine(_root, "data"), "-m", "fast", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsPostgresAsync(string tool, string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]) : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
