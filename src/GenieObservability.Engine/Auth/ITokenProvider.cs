namespace GenieObservability.Engine.Auth;

/// <summary>
/// Gives a bearer token for a workspace. One provider serves every workspace URL it meets (per-workspace tokens for
/// Databricks OAuth, one audience-wide token for Entra). Providers cache, refresh before expiry, and share one
/// refresh among concurrent callers.
/// </summary>
public interface ITokenProvider
{
    /// <summary>Pat, OAuthM2M, EntraServicePrincipal, ManagedIdentity, ...</summary>
    string AuthType { get; }

    /// <summary>Returns a valid token; <paramref name="forceRefresh"/> after a 401 discards the cached one first (once).</summary>
    ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>
    /// After a 401 for <paramref name="rejectedToken"/>: returns the cached token when another caller has already
    /// replaced the rejected one, else discards it and fetches a new one (joining a refresh already under way), so a
    /// burst of 401s from parallel workers costs one token request.
    /// </summary>
    ValueTask<string> GetTokenAfterRejectionAsync(Uri workspaceHost, string rejectedToken, CancellationToken cancellationToken) =>
        GetTokenAsync(workspaceHost, true, cancellationToken);
}
