namespace GenieObservability.Engine.Auth;

/// <summary>The names <see cref="ITokenProvider.AuthType"/> and GenieContext.AuthType use.</summary>
public static class AuthTypes
{
    public const string Pat = "Pat";
    public const string OAuthM2M = "OAuthM2M";
    public const string EntraServicePrincipal = "EntraServicePrincipal";
    public const string EntraCertificate = "EntraCertificate";
    public const string ManagedIdentity = "ManagedIdentity";
    public const string WorkloadIdentity = "WorkloadIdentity";
    public const string AzureCli = "AzureCli";
}
