using System.Security;
using System.Security.Cryptography.X509Certificates;

namespace GenieObservability.Engine.Auth;

/// <summary>How the caller asked to authenticate (the Connect-GenieWorkspace parameter set).</summary>
public enum AuthMethod
{
    /// <summary>No credential given: environment variables, then the config file profile.</summary>
    Automatic,
    AccessToken,
    OAuthM2M,
    EntraServicePrincipal,

    /// <summary>An Entra service principal with a certificate: a file, a thumbprint in the certificate store, or the certificate itself.</summary>
    EntraCertificate,
    ManagedIdentity,
    Profile,
}

/// <summary>The explicit inputs to credential resolution; whatever is null comes from the environment or the config file.</summary>
public sealed class AuthSettings
{
    public AuthMethod Method { get; init; }

    public string? Host { get; init; }

    /// <summary>A DATABRICKS_AUTH_TYPE name (see <see cref="DatabricksAuthTypeNames"/>) forcing one method; Automatic and Profile only.</summary>
    public string? AuthType { get; init; }

    public SecureString? AccessToken { get; init; }

    /// <summary>OAuth / Entra application id, or the user-assigned managed identity's client id.</summary>
    public string? ClientId { get; init; }

    public SecureString? ClientSecret { get; init; }

    public string? TenantId { get; init; }

    /// <summary>A PFX/PKCS#12 or PEM file with the certificate and its private key.</summary>
    public string? CertificatePath { get; init; }

    /// <summary>The password of <see cref="CertificatePath"/>, when it has one.</summary>
    public SecureString? CertificatePassword { get; init; }

    /// <summary>The thumbprint of a certificate with a private key in the CurrentUser or LocalMachine "My" store.</summary>
    public string? CertificateThumbprint { get; init; }

    public X509Certificate2? Certificate { get; init; }

    public string? Profile { get; init; }

    public string? ConfigFile { get; init; }
}
