namespace GenieObservability.Engine.Auth;

/// <summary>Azure constants and the environment overrides Azure.Identity honours (used here to point tests at the emulator).</summary>
public static class AzureEnvironment
{
    /// <summary>The AzureDatabricks first-party application; the same id in the public, US Gov and China clouds.</summary>
    public const string DatabricksResourceId = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

    public const string DatabricksScope = DatabricksResourceId + "/.default";

    public const string DefaultAuthorityHost = "https://login.microsoftonline.com/";

    public const string AuthorityHostVariable = "AZURE_AUTHORITY_HOST";

    public const string ImdsHostVariable = "AZURE_POD_IDENTITY_AUTHORITY_HOST";

    public const string DefaultImdsHost = "http://169.254.169.254/";

    public const string IdentityEndpointVariable = "IDENTITY_ENDPOINT";

    public const string IdentityHeaderVariable = "IDENTITY_HEADER";
}
