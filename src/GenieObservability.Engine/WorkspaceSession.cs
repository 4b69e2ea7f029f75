using System.Collections.Concurrent;
using System.Net;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine;

/// <summary>
/// A connection to Databricks: the workspace the user connected to, and the credential, which also serves any other
/// workspace URL the audit log names (one token per workspace for Databricks OAuth). Owns one pooled HttpClient
/// (system proxy and HTTPS_PROXY honoured) and one API client per workspace host, so every caller of a host shares its
/// request budget and token refresh.
/// </summary>
public sealed class WorkspaceSession : IContextWorkspace
{
    private readonly ConcurrentDictionary<string, DatabricksApiClient> _clients = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<HttpClient> _http = new(CreateHttpClient, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly ApiClientOptions _options = ApiClientOptions.Default;
    private bool _disposed;

    public WorkspaceSession(Uri host, ITokenProvider tokens)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(tokens);
        Host = host;
        Tokens = tokens;
    }

    public Uri Host { get; }

    public ITokenProvider Tokens { get; }

    /// <summary>
    /// Timeouts, retries and the per-workspace request budget of every client of the session, fixed when it is made:
    /// the clients (and their budgets) are shared, so a run that wants its own limits takes a RequestScope instead.
    /// </summary>
    public ApiClientOptions ApiOptions
    {
        get => _options;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            _options = value;
        }
    }

    /// <summary>
    /// The API client of <paramref name="host"/> (the session's own host when null), reporting to <paramref name="log"/>.
    /// A host that is not a valid workspace URL is a <see cref="GenieObservabilityException"/> with category InvalidArgument.
    /// </summary>
    public DatabricksApiClient Api(Uri? host = null, IOperationLog? log = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Another workspace gets the same checks as the connected one: https (or loopback http), no path, no user info.
        host = host is null ? Host : HostUrl.Normalize(host.OriginalString);
        var key = host.GetLeftPart(UriPartial.Authority);
        var client = _clients.GetOrAdd(key, static (_, state) => new DatabricksApiClient(state.Session._http.Value, state.Host, state.Session.Tokens, state.Session._options), (Session: this, Host: host));
        return log is null ? client : client.WithLog(log);
    }

    /// <summary>The Genie API of <paramref name="host"/> (the session's own host when null).</summary>
    public IGenieClient Genie(Uri? host = null, IOperationLog? log = null) => new GenieClient(Api(host, log));

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _clients.Clear();
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }

        (Tokens as IDisposable)?.Dispose();
    }

    private static HttpClient CreateHttpClient()
    {
        var handler = new SocketsHttpHandler
        {
            // The largest -ThrottleLimit against one workspace gets a connection per fetch.
            MaxConnectionsPerServer = Ingestion.MessageIngestionOptions.MaxThrottleLimit,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(30),
            AutomaticDecompression = DecompressionMethods.All,
            UseProxy = true,
            Proxy = HttpClient.DefaultProxy,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        return new HttpClient(handler, disposeHandler: true)
        {
            // Timeouts are per attempt and per call, enforced by DatabricksApiClient.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestHeaders = { { "User-Agent", "GenieObservability/" + typeof(WorkspaceSession).Assembly.GetName().Version?.ToString(3) } },
        };
    }
}
