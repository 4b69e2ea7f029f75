namespace GenieObservability.Engine.Auth;

/// <summary>
/// The values of DATABRICKS_AUTH_TYPE, a profile's auth_type and -AuthType. The names are the Databricks SDKs'
/// (config/auth_*.go, credentials_provider.py) where an SDK has the method; azure-client-certificate and
/// azure-workload-identity are this module's, for the two Entra methods no Databricks SDK has. Naming a method forces
/// it: when its inputs are missing that is an error, never a fall-back to another method.
/// </summary>
public static class DatabricksAuthTypeNames
{
    public const string EnvironmentVariable = "DATABRICKS_AUTH_TYPE";

    private static readonly Dictionary<string, string> Supported = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pat"] = AuthTypes.Pat,
        ["oauth-m2m"] = AuthTypes.OAuthM2M,
        ["azure-workload-identity"] = AuthTypes.WorkloadIdentity,
        ["azure-msi"] = AuthTypes.ManagedIdentity,
        ["azure-client-secret"] = AuthTypes.EntraServicePrincipal,
        ["azure-client-certificate"] = AuthTypes.EntraCertificate,
        ["azure-cli"] = AuthTypes.AzureCli,
    };

    // Databricks SDK methods this module does not implement (user login, other clouds, Databricks-issued federation).
    private static readonly HashSet<string> SdkOnly = new(StringComparer.OrdinalIgnoreCase)
    {
        "basic", "databricks-cli", "external-browser", "metadata-service", "github-oidc", "azure-devops-oidc", "env-oidc",
        "file-oidc", "github-oidc-azure", "google-credentials", "google-id", "runtime", "runtime-oauth", "model-serving",
    };

    /// <summary>The supported names, in the order the automatic chain tries them.</summary>
    public static IReadOnlyCollection<string> Names => Supported.Keys;

    /// <summary>The <see cref="AuthTypes"/> value a name selects; <paramref name="origin"/> says where the name came from, for the error.</summary>
    public static string ToAuthType(string name, string origin)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Supported.TryGetValue(name.Trim(), out var authType))
        {
            return authType;
        }

        var why = SdkOnly.Contains(name.Trim())
            ? $"'{name}' is a Databricks SDK auth type this module does not support"
            : $"'{name}' is not an auth type";
        throw new GenieObservabilityException(
            $"{origin} names {why}. Use one of: {string.Join(", ", Names)}; or remove it to let the module pick the first configured method.",
            "GenieAuthTypeNotSupported",
            GenieErrorCategory.InvalidArgument);
    }

    /// <summary>The name of an <see cref="AuthTypes"/> value, for messages.</summary>
    public static string NameOf(string authType) => Supported.First(pair => pair.Value == authType).Key;
}
