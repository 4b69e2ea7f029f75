using System.Security;

namespace GenieObservability.Engine.Auth;

/// <summary>A personal access token (or any bearer token issued elsewhere): the same token for every workspace, never refreshed.</summary>
public sealed class StaticTokenProvider : ITokenProvider
{
    private readonly SecureString _token;

    public StaticTokenProvider(SecureString token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0)
        {
            throw new GenieApiException(GenieApiErrorType.NoToken, "The access token is empty. Pass a personal access token with -AccessToken or set DATABRICKS_TOKEN.");
        }

        _token = token.Copy();
        _token.MakeReadOnly();
    }

    public string AuthType => AuthTypes.Pat;

    public ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken) =>
        ValueTask.FromResult(SecureStrings.Reveal(_token));
}
