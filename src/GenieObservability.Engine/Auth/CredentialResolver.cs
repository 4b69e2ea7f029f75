namespace GenieObservability.Engine.Auth;

/// <summary>
/// Resolves the workspace URL and credential like the Databricks SDKs (contract §6): explicit parameters, else
/// environment variables, else a ~/.databrickscfg profile (DATABRICKS_CONFIG_PROFILE, else [__settings__]
/// default_profile, else [DEFAULT]). The first complete credential wins in the SDK chain order: token, OAuth M2M
/// client, managed identity, Entra client secret. An incomplete one is reported with the missing pieces named.
/// </summary>
public static class CredentialResolver
{
    public static ResolvedCredential Resolve(AuthSettings settings, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        environment ??= Environment.GetEnvironmentVariable;
        string? Env(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        switch (settings.Method)
        {
            case AuthMethod.AccessToken:
            case AuthMethod.OAuthM2M:
            case AuthMethod.EntraServicePrincipal:
            case AuthMethod.ManagedIdentity:
                return FromParameters(settings, RequireHost(settings.Host ?? Env("DATABRICKS_HOST"), "pass -Host or set DATABRICKS_HOST"));

            case AuthMethod.Profile:
                {
                    var file = DatabricksConfigFile.Load(ConfigPath(settings, environment));
                    return FromProfile(file, settings.Profile!, settings.Host ?? Env("DATABRICKS_HOST"), named: true);
                }

            default:
                {
                    var fromEnvironment = Candidate.FromLookup(name => Env(EnvironmentNames[name]), "Environment");
                    if (fromEnvironment.Complete)
                    {
                        var host = RequireHost(settings.Host ?? Env("DATABRICKS_HOST"), "pass -Host or set DATABRICKS_HOST");
                        return fromEnvironment.ToCredential(host);
                    }

                    var path = ConfigPath(settings, environment);
                    var explicitProfile = Env("DATABRICKS_CONFIG_PROFILE");
                    if (!File.Exists(path) && explicitProfile is null)
                    {
                        throw NoCredential(fromEnvironment, path);
                    }

                    var file = DatabricksConfigFile.Load(path);
                    var profileName = explicitProfile ?? file.DefaultProfileSetting ?? DatabricksConfigFile.DefaultProfile;
                    if (file.Profile(profileName) is null && explicitProfile is null && file.DefaultProfileSetting is null)
                    {
                        throw NoCredential(fromEnvironment, path);
                    }

                    return FromProfile(file, profileName, settings.Host ?? Env("DATABRICKS_HOST"), named: explicitProfile is not null);
                }
        }
    }

    // The SDK attribute names and the environment variables behind them (GO config.go tags).
    private static readonly Dictionary<string, string> EnvironmentNames = new(StringComparer.Ordinal)
    {
        ["host"] = "DATABRICKS_HOST",
        ["token"] = "DATABRICKS_TOKEN",
        ["client_id"] = "DATABRICKS_CLIENT_ID",
        ["client_secret"] = "DATABRICKS_CLIENT_SECRET",
        ["azure_tenant_id"] = "ARM_TENANT_ID",
        ["azure_client_id"] = "ARM_CLIENT_ID",
        ["azure_client_secret"] = "ARM_CLIENT_SECRET",
        ["azure_use_msi"] = "ARM_USE_MSI",
    };

    private static string ConfigPath(AuthSettings settings, Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(settings.ConfigFile)
            ? DatabricksConfigFile.DefaultPath(environment)
            : DatabricksConfigFile.ExpandHome(settings.ConfigFile.Trim(), environment);

    private static ResolvedCredential FromParameters(AuthSettings settings, Uri host)
    {
        const string Source = "Parameters";
        return settings.Method switch
        {
            AuthMethod.AccessToken => SecureStrings.IsNullOrEmpty(settings.AccessToken)
                ? throw Incomplete("The access token is empty: pass a personal access token with -AccessToken.")
                : new ResolvedCredential(host, AuthTypes.Pat, Source) { Secret = settings.AccessToken },
            AuthMethod.OAuthM2M => new ResolvedCredential(host, AuthTypes.OAuthM2M, Source)
            {
                ClientId = string.IsNullOrWhiteSpace(settings.ClientId) ? throw Incomplete("The OAuth client id is empty: pass the service principal's application id as the user name of -Credential.") : settings.ClientId.Trim(),
                Secret = SecureStrings.IsNullOrEmpty(settings.ClientSecret) ? throw Incomplete($"The OAuth secret for client '{settings.ClientId}' is empty: pass it as the password of -Credential.") : settings.ClientSecret,
            },
            AuthMethod.EntraServicePrincipal => new ResolvedCredential(host, AuthTypes.EntraServicePrincipal, Source)
            {
                TenantId = string.IsNullOrWhiteSpace(settings.TenantId) ? throw Incomplete("The tenant id is empty: pass the Entra directory (tenant) id with -TenantId.") : settings.TenantId.Trim(),
                ClientId = string.IsNullOrWhiteSpace(settings.ClientId) ? throw Incomplete("The Entra application (client) id is empty: pass it as the user name of -Credential.") : settings.ClientId.Trim(),
                Secret = SecureStrings.IsNullOrEmpty(settings.ClientSecret) ? throw Incomplete($"The client secret for Entra application '{settings.ClientId}' is empty: pass it as the password of -Credential.") : settings.ClientSecret,
            },
            _ => new ResolvedCredential(host, AuthTypes.ManagedIdentity, Source) { ClientId = string.IsNullOrWhiteSpace(settings.ClientId) ? null : settings.ClientId.Trim() },
        };
    }

    private static ResolvedCredential FromProfile(DatabricksConfigFile file, string profileName, string? explicitHost, bool named)
    {
        var profile = file.Profile(profileName);
        if (profile is null)
        {
            var known = file.ProfileNames.Count == 0 ? "it has no profiles" : "its profiles are " + string.Join(", ", file.ProfileNames);
            throw new GenieObservabilityException(
                $"Profile '{profileName}' is not in '{file.Path}' ({known}). {(named ? "Pass one of those with -Profile or DATABRICKS_CONFIG_PROFILE" : "Add it, or set [__settings__] default_profile")}.",
                "GenieProfileNotFound",
                GenieErrorCategory.ObjectNotFound);
        }

        string? Value(string key) => profile.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var candidate = Candidate.FromLookup(Value, "Profile:" + profileName);
        if (!candidate.Complete)
        {
            throw Incomplete($"Profile '{profileName}' in '{file.Path}' has no usable credential: {candidate.Describe(Keys)}.");
        }

        var host = RequireHost(explicitHost ?? Value("host"), $"add host to profile '{profileName}' or pass -Host");
        return candidate.ToCredential(host, file.Path);
    }

    private static Uri RequireHost(string? host, string fix)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new GenieObservabilityException($"No workspace URL: {fix}.", "GenieHostMissing", GenieErrorCategory.InvalidArgument);
        }

        return HostUrl.Normalize(host);
    }

    private static GenieObservabilityException NoCredential(Candidate environment, string path)
    {
        var partial = environment.AnyPiece ? $" The environment has an incomplete credential: {environment.Describe(name => EnvironmentNames[name])}." : string.Empty;
        return new GenieObservabilityException(
            "No Databricks credential found. Pass -AccessToken, -Credential (OAuth client id and secret), -TenantId with -Credential (Entra), -Identity or -Profile; " +
            $"or set DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, ARM_TENANT_ID/ARM_CLIENT_ID/ARM_CLIENT_SECRET, or ARM_USE_MSI=true; or add a [DEFAULT] profile to '{path}'.{partial}",
            "GenieCredentialNotFound",
            GenieErrorCategory.AuthenticationError);
    }

    private static GenieObservabilityException Incomplete(string message) =>
        new(message, "GenieCredentialIncomplete", GenieErrorCategory.InvalidArgument);

    private static string Keys(string name) => name;

    /// <summary>The credential pieces found in one source (environment or profile), by SDK attribute name.</summary>
    private sealed class Candidate
    {
        private readonly Func<string, string?> _lookup;
        private readonly string _source;

        private Candidate(Func<string, string?> lookup, string source)
        {
            _lookup = lookup;
            _source = source;
        }

        public bool Complete => AuthType is not null;

        private static readonly string[] Pieces = ["token", "client_id", "client_secret", "azure_tenant_id", "azure_client_id", "azure_client_secret", "azure_use_msi"];
        private static readonly string[] AzurePieces = ["azure_tenant_id", "azure_client_id", "azure_client_secret"];

        public bool AnyPiece => Pieces.Any(k => _lookup(k) is not null);

        private string? AuthType =>
            _lookup("token") is not null ? AuthTypes.Pat
            : _lookup("client_id") is not null && _lookup("client_secret") is not null ? AuthTypes.OAuthM2M
            : IsTrue(_lookup("azure_use_msi")) ? AuthTypes.ManagedIdentity
            : _lookup("azure_tenant_id") is not null && _lookup("azure_client_id") is not null && _lookup("azure_client_secret") is not null ? AuthTypes.EntraServicePrincipal
            : null;

        public static Candidate FromLookup(Func<string, string?> lookup, string source) => new(lookup, source);

        public ResolvedCredential ToCredential(Uri host, string? configFile = null) => AuthType switch
        {
            AuthTypes.Pat => new ResolvedCredential(host, AuthTypes.Pat, _source) { Secret = SecureStrings.Protect(_lookup("token")!), ConfigFile = configFile },
            AuthTypes.OAuthM2M => new ResolvedCredential(host, AuthTypes.OAuthM2M, _source) { ClientId = _lookup("client_id"), Secret = SecureStrings.Protect(_lookup("client_secret")!), ConfigFile = configFile },
            AuthTypes.ManagedIdentity => new ResolvedCredential(host, AuthTypes.ManagedIdentity, _source) { ClientId = _lookup("azure_client_id"), ConfigFile = configFile },
            _ => new ResolvedCredential(host, AuthTypes.EntraServicePrincipal, _source)
            {
                TenantId = _lookup("azure_tenant_id"),
                ClientId = _lookup("azure_client_id"),
                Secret = SecureStrings.Protect(_lookup("azure_client_secret")!),
                ConfigFile = configFile,
            },
        };

        /// <summary>Names what is present and what is missing, e.g. "client_id is set but client_secret is not".</summary>
        public string Describe(Func<string, string> display)
        {
            var problems = new List<string>();
            if (_lookup("client_id") is not null && _lookup("client_secret") is null)
            {
                problems.Add($"{display("client_id")} is set but {display("client_secret")} is not");
            }
            else if (_lookup("client_secret") is not null && _lookup("client_id") is null)
            {
                problems.Add($"{display("client_secret")} is set but {display("client_id")} is not");
            }

            var azure = AzurePieces;
            var present = azure.Where(k => _lookup(k) is not null).ToArray();
            if (present.Length > 0 && present.Length < azure.Length)
            {
                problems.Add($"{string.Join(", ", present.Select(display))} set but {string.Join(", ", azure.Except(present).Select(display))} missing (Entra service principal)");
            }

            if (_lookup("azure_use_msi") is { } msi && !IsTrue(msi))
            {
                problems.Add($"{display("azure_use_msi")} is '{msi}', not true");
            }

            return problems.Count == 0
                ? $"set {display("token")}, or {display("client_id")} and {display("client_secret")}, or {display("azure_tenant_id")}, {display("azure_client_id")} and {display("azure_client_secret")}, or {display("azure_use_msi")} = true"
                : string.Join("; ", problems);
        }

        private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
