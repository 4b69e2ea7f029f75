namespace GenieObservability.Engine.Auth;

/// <summary>
/// Resolves the workspace URL and credential like the Databricks SDKs (contract §6): explicit parameters, else
/// environment variables, else a ~/.databrickscfg profile (DATABRICKS_CONFIG_PROFILE, else [__settings__]
/// default_profile, else [DEFAULT]). The first complete credential wins in the SDK chain order: token, OAuth M2M
/// client, workload identity, managed identity, Entra client secret, Entra certificate; for an Azure Databricks host
/// with nothing configured, the Azure CLI login when az is on PATH. -AuthType, DATABRICKS_AUTH_TYPE or a profile's
/// auth_type forces one method, whose missing inputs are then an error. An incomplete credential is reported with
/// the missing pieces named.
/// </summary>
public static class CredentialResolver
{
    private const string HostFix = "pass -Host or set DATABRICKS_HOST";

    public static ResolvedCredential Resolve(AuthSettings settings, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        environment ??= Environment.GetEnvironmentVariable;
        string? Env(string name) => environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        var explicitHost = settings.Host ?? Env("DATABRICKS_HOST");

        switch (settings.Method)
        {
            case AuthMethod.Automatic:
            case AuthMethod.Profile:
                break;
            default:
                return FromParameters(settings, RequireHost(explicitHost, HostFix));
        }

        var forced = ForcedType(settings, Env);
        var path = ConfigPath(settings, environment);
        if (settings.Method == AuthMethod.Profile)
        {
            return FromProfile(DatabricksConfigFile.Load(path), settings.Profile!, explicitHost, named: true, forced, environment);
        }

        var fromEnvironment = Candidate.FromLookup(name => EnvironmentNames[name].Select(Env).FirstOrDefault(v => v is not null), "Environment");
        var type = fromEnvironment.Select(forced?.Type);
        if (type is not null && !(type == AuthTypes.AzureCli && explicitHost is null))
        {
            return fromEnvironment.ToCredential(type, RequireHost(explicitHost, HostFix));
        }

        var explicitProfile = Env("DATABRICKS_CONFIG_PROFILE");
        var file = File.Exists(path) || explicitProfile is not null ? DatabricksConfigFile.Load(path) : null;
        var profileName = explicitProfile ?? file?.DefaultProfileSetting ?? DatabricksConfigFile.DefaultProfile;
        if (file is not null && (file.Profile(profileName) is not null || explicitProfile is not null || file.DefaultProfileSetting is not null))
        {
            return FromProfile(file, profileName, explicitHost, named: explicitProfile is not null, forced, environment);
        }

        if (forced is not null)
        {
            var lacking = type is null ? fromEnvironment.Missing(forced.Type, name => EnvironmentNames[name][0]) : "a workspace URL (pass -Host or set DATABRICKS_HOST)";
            throw Incomplete($"{forced.Origin} is {forced.Name}, but the environment lacks {lacking}, and '{path}' has no [{profileName}] profile.");
        }

        if (explicitHost is not null && AzureCliFallback(HostUrl.Normalize(explicitHost), environment))
        {
            return fromEnvironment.ToCredential(AuthTypes.AzureCli, HostUrl.Normalize(explicitHost));
        }

        throw NoCredential(fromEnvironment, path);
    }

    // The SDK attribute names and the environment variables behind them (GO config.go tags); the AZURE_* names are
    // the ones the AKS workload identity webhook sets, used when the ARM_* ones are absent.
    private static readonly Dictionary<string, string[]> EnvironmentNames = new(StringComparer.Ordinal)
    {
        ["token"] = ["DATABRICKS_TOKEN"],
        ["client_id"] = ["DATABRICKS_CLIENT_ID"],
        ["client_secret"] = ["DATABRICKS_CLIENT_SECRET"],
        ["azure_tenant_id"] = ["ARM_TENANT_ID"],
        ["azure_client_id"] = ["ARM_CLIENT_ID"],
        ["azure_client_secret"] = ["ARM_CLIENT_SECRET"],
        ["azure_use_msi"] = ["ARM_USE_MSI"],
        ["azure_client_certificate_path"] = ["ARM_CLIENT_CERTIFICATE_PATH"],
        ["azure_client_certificate_password"] = ["ARM_CLIENT_CERTIFICATE_PASSWORD"],
        ["azure_federated_token_file"] = ["AZURE_FEDERATED_TOKEN_FILE"],
        ["workload_tenant_id"] = ["ARM_TENANT_ID", "AZURE_TENANT_ID"],
        ["workload_client_id"] = ["ARM_CLIENT_ID", "AZURE_CLIENT_ID"],
    };

    private static ForcedAuthType? ForcedType(AuthSettings settings, Func<string, string?> env)
    {
        if (!string.IsNullOrWhiteSpace(settings.AuthType))
        {
            return new ForcedAuthType(settings.AuthType.Trim(), "-AuthType");
        }

        return env(DatabricksAuthTypeNames.EnvironmentVariable) is { } name ? new ForcedAuthType(name, DatabricksAuthTypeNames.EnvironmentVariable) : null;
    }

    private static string ConfigPath(AuthSettings settings, Func<string, string?> environment) =>
        string.IsNullOrWhiteSpace(settings.ConfigFile)
            ? DatabricksConfigFile.DefaultPath(environment)
            : DatabricksConfigFile.ExpandHome(settings.ConfigFile.Trim(), environment);

    private static ResolvedCredential FromParameters(AuthSettings settings, Uri host)
    {
        const string Source = "Parameters";
        var clientId = string.IsNullOrWhiteSpace(settings.ClientId) ? null : settings.ClientId.Trim();
        switch (settings.Method)
        {
            case AuthMethod.AccessToken:
                return SecureStrings.IsNullOrEmpty(settings.AccessToken)
                    ? throw Incomplete("The access token is empty: pass a personal access token with -AccessToken.")
                    : new ResolvedCredential(host, AuthTypes.Pat, Source) { Secret = settings.AccessToken };
            case AuthMethod.OAuthM2M:
                return new ResolvedCredential(host, AuthTypes.OAuthM2M, Source)
                {
                    ClientId = clientId ?? throw Incomplete("The OAuth client id is empty: pass the service principal's application id as the user name of -Credential."),
                    Secret = SecureStrings.IsNullOrEmpty(settings.ClientSecret) ? throw Incomplete($"The OAuth secret for client '{clientId}' is empty: pass it as the password of -Credential.") : settings.ClientSecret,
                };
            case AuthMethod.EntraServicePrincipal:
                return new ResolvedCredential(host, AuthTypes.EntraServicePrincipal, Source)
                {
                    TenantId = RequireTenant(settings.TenantId, "-TenantId"),
                    ClientId = clientId ?? throw Incomplete("The Entra application (client) id is empty: pass it as the user name of -Credential."),
                    Secret = SecureStrings.IsNullOrEmpty(settings.ClientSecret) ? throw Incomplete($"The client secret for Entra application '{clientId}' is empty: pass it as the password of -Credential.") : settings.ClientSecret,
                };
            case AuthMethod.EntraCertificate:
                return new ResolvedCredential(host, AuthTypes.EntraCertificate, Source)
                {
                    TenantId = RequireTenant(settings.TenantId, "-TenantId"),
                    ClientId = clientId ?? throw Incomplete("The Entra application (client) id is empty: pass it with -ClientId."),
                    Certificate = settings.Certificate,
                    CertificatePath = string.IsNullOrWhiteSpace(settings.CertificatePath) ? null : settings.CertificatePath.Trim(),
                    CertificatePassword = settings.CertificatePassword,
                    CertificateThumbprint = string.IsNullOrWhiteSpace(settings.CertificateThumbprint) ? null : settings.CertificateThumbprint.Trim(),
                };
            default:
                return new ResolvedCredential(host, AuthTypes.ManagedIdentity, Source) { ClientId = clientId };
        }
    }

    private static ResolvedCredential FromProfile(DatabricksConfigFile file, string profileName, string? explicitHost, bool named, ForcedAuthType? forced, Func<string, string?> environment)
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
        forced ??= Value("auth_type") is { } name ? new ForcedAuthType(name, $"auth_type in profile '{profileName}'") : null;
        var candidate = Candidate.FromLookup(key => Value(key.Replace("workload_", "azure_", StringComparison.Ordinal)), "Profile:" + profileName);
        var host = explicitHost ?? Value("host");
        var type = candidate.Select(forced?.Type);
        if (type is null && forced is null && host is not null && AzureCliFallback(HostUrl.Normalize(host), environment))
        {
            type = AuthTypes.AzureCli;
        }

        if (type is null)
        {
            throw Incomplete(forced is null
                ? $"Profile '{profileName}' in '{file.Path}' has no usable credential: {candidate.Describe(Keys)}."
                : $"{forced.Origin} is {forced.Name}, but profile '{profileName}' in '{file.Path}' lacks {candidate.Missing(forced.Type, Keys)}.");
        }

        return candidate.ToCredential(type, RequireHost(host, $"add host to profile '{profileName}' or pass -Host"), file.Path);
    }

    // Like the SDKs, an Azure Databricks host with no configured credential falls back to the Azure CLI login, if az is installed.
    private static bool AzureCliFallback(Uri host, Func<string, string?> environment) =>
        AzureEnvironment.IsAzureWorkspace(host) && AzureCliOnPath(environment);

    private static bool AzureCliOnPath(Func<string, string?> environment)
    {
        var names = OperatingSystem.IsWindows() ? new[] { "az.cmd", "az.exe", "az.bat" } : ["az"];
        return (environment("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(directory => names.Any(name => File.Exists(Path.Combine(directory, name))));
    }

    private static Uri RequireHost(string? host, string fix)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new GenieObservabilityException($"No workspace URL: {fix}.", "GenieHostMissing", GenieErrorCategory.InvalidArgument);
        }

        return HostUrl.Normalize(host);
    }

    private static string RequireTenant(string? tenant, string where)
    {
        if (string.IsNullOrWhiteSpace(tenant))
        {
            throw Incomplete($"The tenant id is empty: pass the Entra directory (tenant) id with {where}.");
        }

        tenant = tenant.Trim();
        return tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            ? tenant
            : throw Incomplete($"'{tenant}' is not an Entra tenant id: pass the directory (tenant) id GUID or domain with {where}.");
    }

    private static GenieObservabilityException NoCredential(Candidate environment, string path)
    {
        var partial = environment.AnyPiece ? $" The environment has an incomplete credential: {environment.Describe(name => EnvironmentNames[name][0])}." : string.Empty;
        return new GenieObservabilityException(
            "No Databricks credential found. Pass -AccessToken, -Credential (OAuth client id and secret), -TenantId with -Credential or a certificate (Entra), -Identity or -Profile; " +
            "or set DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET, ARM_TENANT_ID/ARM_CLIENT_ID/ARM_CLIENT_SECRET (or ARM_CLIENT_CERTIFICATE_PATH), AZURE_FEDERATED_TOKEN_FILE, or ARM_USE_MSI=true; " +
            $"or run 'az login' and pass -AuthType azure-cli; or add a [DEFAULT] profile to '{path}'.{partial}",
            "GenieCredentialNotFound",
            GenieErrorCategory.AuthenticationError);
    }

    private static GenieObservabilityException Incomplete(string message) =>
        new(message, "GenieCredentialIncomplete", GenieErrorCategory.InvalidArgument);

    private static string Keys(string name) => name.Replace("workload_", "azure_", StringComparison.Ordinal);

    /// <summary>A forced method: its <see cref="AuthTypes"/> value, its name as given, and where the name came from.</summary>
    private sealed class ForcedAuthType(string name, string origin)
    {
        public string Name { get; } = name;

        public string Origin { get; } = origin;

        public string Type { get; } = DatabricksAuthTypeNames.ToAuthType(name, origin);
    }

    /// <summary>The credential pieces found in one source (environment or profile), by SDK attribute name.</summary>
    private sealed class Candidate
    {
        private static readonly string[] Pieces = ["token", "client_id", "client_secret", "azure_tenant_id", "azure_client_id", "azure_client_secret", "azure_use_msi", "azure_client_certificate_path", "azure_federated_token_file"];
        private static readonly string[] AzurePieces = ["azure_tenant_id", "azure_client_id", "azure_client_secret"];

        // What each method needs, in the order the automatic chain tries them (managed identity and Azure CLI need nothing more when forced).
        private static readonly (string Type, string[] Needs)[] Methods =
        [
            (AuthTypes.Pat, ["token"]),
            (AuthTypes.OAuthM2M, ["client_id", "client_secret"]),
            (AuthTypes.WorkloadIdentity, ["azure_federated_token_file", "workload_client_id", "workload_tenant_id"]),
            (AuthTypes.ManagedIdentity, []),
            (AuthTypes.EntraServicePrincipal, ["azure_tenant_id", "azure_client_id", "azure_client_secret"]),
            (AuthTypes.EntraCertificate, ["azure_tenant_id", "azure_client_id", "azure_client_certificate_path"]),
            (AuthTypes.AzureCli, []),
        ];

        private readonly Func<string, string?> _lookup;
        private readonly string _source;

        private Candidate(Func<string, string?> lookup, string source)
        {
            _lookup = lookup;
            _source = source;
        }

        public bool AnyPiece => Pieces.Any(k => _lookup(k) is not null);

        public static Candidate FromLookup(Func<string, string?> lookup, string source) => new(lookup, source);

        /// <summary>The forced method when its inputs are here, else the first complete one of the chain; null when none is.</summary>
        public string? Select(string? forced)
        {
            if (forced is not null)
            {
                return Needs(forced).All(k => _lookup(k) is not null) ? forced : null;
            }

            foreach (var (type, needs) in Methods)
            {
                var chosen = type switch
                {
                    AuthTypes.ManagedIdentity => IsTrue(_lookup("azure_use_msi")),
                    AuthTypes.AzureCli => false,
                    _ => needs.All(k => _lookup(k) is not null),
                };
                if (chosen)
                {
                    return type;
                }
            }

            return null;
        }

        /// <summary>The inputs <paramref name="type"/> needs that are not here, e.g. "ARM_CLIENT_SECRET".</summary>
        public string Missing(string type, Func<string, string> display) =>
            string.Join(", ", Needs(type).Where(k => _lookup(k) is null).Select(display));

        public ResolvedCredential ToCredential(string type, Uri host, string? configFile = null)
        {
            return type switch
            {
                AuthTypes.Pat => new ResolvedCredential(host, type, _source) { ConfigFile = configFile, Secret = SecureStrings.Protect(_lookup("token")!) },
                AuthTypes.OAuthM2M => new ResolvedCredential(host, type, _source) { ConfigFile = configFile, ClientId = _lookup("client_id"), Secret = SecureStrings.Protect(_lookup("client_secret")!) },
                AuthTypes.WorkloadIdentity => new ResolvedCredential(host, type, _source)
                {
                    ConfigFile = configFile,
                    TenantId = RequireTenant(_lookup("workload_tenant_id"), "ARM_TENANT_ID or AZURE_TENANT_ID"),
                    ClientId = _lookup("workload_client_id"),
                    TokenFile = _lookup("azure_federated_token_file"),
                },
                AuthTypes.ManagedIdentity => new ResolvedCredential(host, type, _source) { ConfigFile = configFile, ClientId = _lookup("azure_client_id") },
                AuthTypes.EntraServicePrincipal => new ResolvedCredential(host, type, _source)
                {
                    ConfigFile = configFile,
                    TenantId = RequireTenant(_lookup("azure_tenant_id"), "azure_tenant_id / ARM_TENANT_ID"),
                    ClientId = _lookup("azure_client_id"),
                    Secret = SecureStrings.Protect(_lookup("azure_client_secret")!),
                },
                AuthTypes.EntraCertificate => new ResolvedCredential(host, type, _source)
                {
                    ConfigFile = configFile,
                    TenantId = RequireTenant(_lookup("azure_tenant_id"), "azure_tenant_id / ARM_TENANT_ID"),
                    ClientId = _lookup("azure_client_id"),
                    CertificatePath = _lookup("azure_client_certificate_path"),
                    CertificatePassword = _lookup("azure_client_certificate_password") is { } password ? SecureStrings.Protect(password) : null,
                },
                _ => new ResolvedCredential(host, type, _source) { ConfigFile = configFile, TenantId = _lookup("azure_tenant_id") },
            };
        }

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

            var present = AzurePieces.Where(k => _lookup(k) is not null).ToArray();
            if (present.Length > 0 && present.Length < AzurePieces.Length && _lookup("azure_client_certificate_path") is null)
            {
                problems.Add($"{string.Join(", ", present.Select(display))} set but {string.Join(", ", AzurePieces.Except(present).Select(display))} missing (Entra service principal)");
            }

            if (_lookup("azure_use_msi") is { } msi && !IsTrue(msi))
            {
                problems.Add($"{display("azure_use_msi")} is '{msi}', not true");
            }

            return problems.Count == 0
                ? $"set {display("token")}, or {display("client_id")} and {display("client_secret")}, or {display("azure_tenant_id")}, {display("azure_client_id")} and {display("azure_client_secret")} (or {display("azure_client_certificate_path")}), or {display("azure_use_msi")} = true"
                : string.Join("; ", problems);
        }

        private static string[] Needs(string type) => Methods.First(m => m.Type == type).Needs;

        private static bool IsTrue(string? value) => value is not null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value == "1" || value.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
