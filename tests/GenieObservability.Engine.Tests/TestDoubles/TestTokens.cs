using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests;

/// <summary>Tokens as the emulator's static tokens accept them, through the module's own PAT provider.</summary>
internal static class TestTokens
{
    public static ITokenProvider Pat(string token) => new StaticTokenProvider(SecureStrings.Protect(token));
}
