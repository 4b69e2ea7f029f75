namespace GenieObservability.Engine.Auth;

/// <summary>
/// Azure constants and which Entra authority a workspace uses: AZURE_AUTHORITY_HOST when set, else the cloud its host
/// name is in (the Databricks SDKs tell clouds apart by DNS zone: .azuredatabricks.net, .databricks.azure.us,
/// .databricks.azure.cn), else the public cloud.
/// </summary>
public static class AzureEnvironment
{
    /// <summary>The AzureDatabricks first-party application; the same id in the public, US Gov and China clouds.</summary>
    public const string DatabricksResourceId = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

    public const string DatabricksScope = DatabricksResourceId + "/.default";

    public const string AuthorityHostVariable = "AZURE_AUTHORITY_HOST";

    public static readonly Uri PublicCloud = new("https://login.microsoftonline.com/");

    public static readonly Uri UsGovernmentCloud = new("https://login.microsoftonline.us/");

    public static readonly Uri ChinaCloud = new("https://login.chinacloudapi.cn/");

    // Authorities MSAL has built-in metadata for; it validates them without a network call.
    private static readonly HashSet<string> KnownAuthorityHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "login.microsoftonline.com", "login.microsoft.com", "login.windows.net", "sts.windows.net",
        "login.microsoftonline.us", "login.usgovcloudapi.net", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn",
    };

    /// <summary>The Entra authority for <paramref name="workspaceHost"/>; always https (Azure.Identity refuses anything else).</summary>
    public static Uri AuthorityHost(Uri workspaceHost, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(workspaceHost);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = environment(AuthorityHostVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var authority = HostUrl.Normalize(configured, "Entra authority host (AZURE_AUTHORITY_HOST)");
            if (authority.Scheme != Uri.UriSchemeHttps)
            {
                throw new GenieObservabilityException(
                    $"AZURE_AUTHORITY_HOST '{configured}' must be an https URL: Entra tokens are only requested over https.",
                    "GenieHostInvalid",
                    GenieErrorCategory.InvalidArgument);
            }

            return authority;
        }

        var host = workspaceHost.Host;
        return host.EndsWith(".databricks.azure.us", StringComparison.OrdinalIgnoreCase) ? UsGovernmentCloud
            : host.EndsWith(".databricks.azure.cn", StringComparison.OrdinalIgnoreCase) ? ChinaCloud
            : PublicCloud;
    }

    /// <summary>
    /// False for an authority outside the Azure clouds (Azure Stack, a local emulator): MSAL would otherwise ask
    /// login.microsoftonline.com to vouch for it (instance discovery), which such a host never passes.
    /// </summary>
    public static bool IsKnownAuthority(Uri authority)
    {
        ArgumentNullException.ThrowIfNull(authority);
        return KnownAuthorityHosts.Contains(authority.Host);
    }

    /// <summary>True for Azure Databricks workspace host names, the only hosts Azure CLI is tried for when no credential is configured.</summary>
    public static bool IsAzureWorkspace(Uri workspaceHost)
    {
        ArgumentNullException.ThrowIfNull(workspaceHost);
        var host = workspaceHost.Host;
        return host.EndsWith(".azuredatabricks.net", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".databricks.azure.us", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".databricks.azure.cn", StringComparison.OrdinalIgnoreCase);
    }
}
