namespace GenieObservability.Engine.Auth;

/// <summary>What a token request is, for messages: the endpoint (no query), whose credential, and what to fix when refused.</summary>
internal sealed record TokenRequestDescription(string Endpoint, string Credential, string Fix, IReadOnlyList<string?> Secrets);
