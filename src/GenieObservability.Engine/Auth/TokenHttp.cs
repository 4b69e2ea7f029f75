namespace GenieObservability.Engine.Auth;

/// <summary>
/// The HTTP clients token requests use. Redirects are not followed (a token endpoint that redirects is a login page or
/// a proxy, and credentials must not follow it). Managed-identity endpoints are local to the host, so no proxy.
/// </summary>
internal static class TokenHttp
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => Create(useProxy: true, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)));
    private static readonly Lazy<HttpClient> LocalClient = new(() => Create(useProxy: false, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20)));

    public static HttpClient Shared => SharedClient.Value;

    public static HttpClient ManagedIdentity => LocalClient.Value;

    private static HttpClient Create(bool useProxy, TimeSpan connectTimeout, TimeSpan requestTimeout) =>
        new(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = useProxy,
            ConnectTimeout = connectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            UseCookies = false,
        })
        {
            Timeout = requestTimeout,
        };
}
