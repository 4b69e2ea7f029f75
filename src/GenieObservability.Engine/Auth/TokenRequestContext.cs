namespace GenieObservability.Engine.Auth;

/// <summary>What a token request is, for messages: the endpoint (no query), whose credential, and what to fix when refused.</summary>
internal sealed record TokenRequestContext(string Endpoint, string Credential, string Fix, IReadOnlyList<string?> Secrets)
{
    /// <summary>False for the managed-identity endpoints: a refused connection there means "not running in Azure", not a blip.</summary>
    public bool RetryConnectFailures { get; init; } = true;
}
