using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Pipeline;

/// <summary>A personal access token the emulator was told to accept.</summary>
internal sealed class StaticTokenProvider(string token) : ITokenProvider
{
    public string AuthType => "Pat";

    public ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
