using System.Security;

namespace GenieObservability.Engine.Auth;

/// <summary>How the caller asked to authenticate (the Connect-GenieWorkspace parameter set).</summary>
public enum AuthMethod
{
    /// <summary>No credential given: environment variables, then the config file profile.</summary>
    Automatic,
    AccessToken,
    OAuthM2M,
    EntraServicePrincipal,
    ManagedIdentity,
    Profile,
}

/// <summary>The explicit inputs to credential resolution; whatever is null comes from the environment or the config file.</summary>
public sealed class AuthSettings
{
    public AuthMethod Method { get; init; }

    public string? Host { get; init; }

    public SecureString? AccessToken { get; init; }

    /// <summary>OAuth / Entra application id, or the user-assigned managed identity's client id.</summary>
    public string? ClientId { get; init; }

    public SecureString? ClientSecret { get; init; }

    public string? TenantId { get; init; }

    public string? Profile { get; init; }

    public string? ConfigFile { get; init; }
}
