namespace GenieObservability.Engine.Auth;

/// <summary>
/// The HTTP client Databricks OAuth token requests use. Redirects are not followed (a token endpoint that redirects is
/// a login page or a proxy, and credentials must not follow it).
/// </summary>
internal static class TokenHttp
{
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseCookies = false,
    })
    {
        Timeout = TimeSpan.FromSeconds(30),
    });

    public static HttpClient Shared => SharedClient.Value;
}
