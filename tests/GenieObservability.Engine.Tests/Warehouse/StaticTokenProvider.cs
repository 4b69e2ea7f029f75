using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Warehouse;

/// <summary>A personal access token as the emulator's static tokens accept it.</summary>
internal sealed class StaticTokenProvider(string token) : ITokenProvider
{
    public string AuthType => "Pat";

    public ValueTask<string> GetTokenAsync(Uri workspaceHost, bool forceRefresh, CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
