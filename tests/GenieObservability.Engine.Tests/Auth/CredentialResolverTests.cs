using GenieObservability.Engine.Auth;
using static GenieObservability.Engine.Tests.Auth.AuthTestSupport;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class CredentialResolverTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("genie-auth-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private string WriteConfig(string text, string name = ".databrickscfg")
    {
        var path = Path.Combine(_home, name);
        File.WriteAllText(path, text);
        return path;
    }

    private Func<string, string?> Env(params (string Name, string? Value)[] values) => Environment([("HOME", _home), .. values]);

    [Fact]
    public void Explicit_parameters_win_over_environment_and_file()
    {
        WriteConfig("[DEFAULT]\nhost = https://from-file.cloud.databricks.com\ntoken = dapi-file\n");
        var credential = CredentialResolver.Resolve(
            new AuthSettings { Method = AuthMethod.OAuthM2M, Host = "https://explicit.cloud.databricks.com", ClientId = "sp", ClientSecret = SecureStrings.Protect("secret") },
            Env(("DATABRICKS_HOST", "https://from-env.cloud.databricks.com"), ("DATABRICKS_TOKEN", "dapi-env")));

        Assert.Equal("https://explicit.cloud.databricks.com/", credential.Host.ToString());
        Assert.Equal(AuthTypes.OAuthM2M, credential.AuthType);
        Assert.Equal("sp", credential.ClientId);
        Assert.Equal("Parameters", credential.Source);
    }

    [Fact]
    public void Explicit_credentials_take_the_host_from_DATABRICKS_HOST_when_not_given()
    {
        var credential = CredentialResolver.Resolve(
            new AuthSettings { Method = AuthMethod.ManagedIdentity, ClientId = "uami" },
            Env(("DATABRICKS_HOST", "https://adb-1.2.azuredatabricks.net/")));

        Assert.Equal("https://adb-1.2.azuredatabricks.net/", credential.Host.ToString());
        Assert.Equal(AuthTypes.ManagedIdentity, credential.AuthType);
        Assert.Equal("uami", credential.ClientId);
    }

    [Theory]
    [InlineData("DATABRICKS_TOKEN", "dapi123", null, null, AuthTypes.Pat)]
    [InlineData("DATABRICKS_CLIENT_ID", "sp", "DATABRICKS_CLIENT_SECRET", "s", AuthTypes.OAuthM2M)]
    [InlineData("ARM_USE_MSI", "true", "ARM_CLIENT_ID", "uami", AuthTypes.ManagedIdentity)]
    public void Environment_variables_are_used_when_no_parameters_are_given(string name1, string value1, string? name2, string? value2, string expectedType)
    {
        WriteConfig("[DEFAULT]\nhost = https://from-file.cloud.databricks.com\ntoken = dapi-file\n");
        var values = new List<(string, string?)> { ("DATABRICKS_HOST", "https://env.cloud.databricks.com"), (name1, value1) };
        if (name2 is not null)
        {
            values.Add((name2, value2));
        }

        var credential = CredentialResolver.Resolve(new AuthSettings(), Env([.. values]));

        Assert.Equal(expectedType, credential.AuthType);
        Assert.Equal("Environment", credential.Source);
        Assert.Equal("https://env.cloud.databricks.com/", credential.Host.ToString());
    }

    [Fact]
    public void Entra_service_principal_from_ARM_variables()
    {
        var credential = CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("ARM_TENANT_ID", "tenant"), ("ARM_CLIENT_ID", "app"), ("ARM_CLIENT_SECRET", "s")));

        Assert.Equal(AuthTypes.EntraServicePrincipal, credential.AuthType);
        Assert.Equal("tenant", credential.TenantId);
        Assert.Equal("app", credential.ClientId);
    }

    [Fact]
    public void Falls_back_to_the_DEFAULT_profile_of_the_home_config_file()
    {
        var path = WriteConfig("# comment\n[DEFAULT]\nhost = https://dbc-1.cloud.databricks.com\ntoken = dapi-file\n\n[other]\nhost = https://other.cloud.databricks.com\nclient_id = x\nclient_secret = y\n");

        var credential = CredentialResolver.Resolve(new AuthSettings(), Env());

        Assert.Equal("Profile:DEFAULT", credential.Source);
        Assert.Equal(AuthTypes.Pat, credential.AuthType);
        Assert.Equal("https://dbc-1.cloud.databricks.com/", credential.Host.ToString());
        Assert.Equal(path, credential.ConfigFile);
    }

    [Fact]
    public void Settings_default_profile_chooses_the_profile()
    {
        WriteConfig("[__settings__]\ndefault_profile = prod\n\n[DEFAULT]\nhost = https://default.cloud.databricks.com\ntoken = a\n\n[prod]\nhost = https://prod.cloud.databricks.com\nclient_id = prod-sp\nclient_secret = prod-secret\n");

        var credential = CredentialResolver.Resolve(new AuthSettings(), Env());

        Assert.Equal("Profile:prod", credential.Source);
        Assert.Equal(AuthTypes.OAuthM2M, credential.AuthType);
        Assert.Equal("prod-sp", credential.ClientId);
    }

    [Fact]
    public void DATABRICKS_CONFIG_PROFILE_and_DATABRICKS_CONFIG_FILE_choose_file_and_profile()
    {
        var path = WriteConfig("[dev]\nhost = https://dev.cloud.databricks.com\nazure_tenant_id = t\nazure_client_id = c\nazure_client_secret = s\n", "custom.cfg");

        var credential = CredentialResolver.Resolve(new AuthSettings(), Env(("DATABRICKS_CONFIG_FILE", path), ("DATABRICKS_CONFIG_PROFILE", "dev")));

        Assert.Equal("Profile:dev", credential.Source);
        Assert.Equal(AuthTypes.EntraServicePrincipal, credential.AuthType);
        Assert.Equal("t", credential.TenantId);
    }

    [Fact]
    public void An_explicit_profile_and_config_file_are_read_and_an_explicit_host_overrides_the_profile_host()
    {
        var path = WriteConfig("[ws]\nhost = https://profile.cloud.databricks.com\nazure_use_msi = true\nazure_client_id = uami\n", "other.cfg");

        var credential = CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.Profile, Profile = "ws", ConfigFile = path, Host = "https://explicit.cloud.databricks.com" }, Env());

        Assert.Equal("https://explicit.cloud.databricks.com/", credential.Host.ToString());
        Assert.Equal(AuthTypes.ManagedIdentity, credential.AuthType);
        Assert.Equal("uami", credential.ClientId);
        Assert.Equal("Profile:ws", credential.Source);
    }

    [Fact]
    public void An_unknown_profile_names_the_profiles_that_exist()
    {
        var path = WriteConfig("[DEFAULT]\nhost = https://a.cloud.databricks.com\ntoken = x\n[staging]\nhost = https://b.cloud.databricks.com\ntoken = y\n");

        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.Profile, Profile = "prod", ConfigFile = path }, Env()));

        Assert.Equal("GenieProfileNotFound", error.ErrorId);
        Assert.Contains("'prod'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DEFAULT, staging", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_config_file_for_an_explicit_profile_says_where_it_looked()
    {
        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.Profile, Profile = "p" }, Env()));

        Assert.Equal("GenieConfigFileNotFound", error.ErrorId);
        Assert.Contains(Path.Combine(_home, ".databrickscfg"), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_with_half_a_credential_names_the_missing_key()
    {
        var path = WriteConfig("[half]\nhost = https://a.cloud.databricks.com\nclient_id = sp\n");

        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.Profile, Profile = "half", ConfigFile = path }, Env()));

        Assert.Equal("GenieCredentialIncomplete", error.ErrorId);
        Assert.Contains("client_id is set but client_secret is not", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_anywhere_lists_every_way_to_authenticate_and_what_the_environment_lacks()
    {
        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://a.cloud.databricks.com"), ("ARM_TENANT_ID", "t"))));

        Assert.Equal("GenieCredentialNotFound", error.ErrorId);
        Assert.Contains("-AccessToken", error.Message, StringComparison.Ordinal);
        Assert.Contains("ARM_CLIENT_ID, ARM_CLIENT_SECRET missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_secrets_and_missing_hosts_are_reported_before_any_request()
    {
        var emptySecret = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(
            new AuthSettings { Method = AuthMethod.OAuthM2M, Host = "https://a.cloud.databricks.com", ClientId = "sp", ClientSecret = new System.Security.SecureString() }, Env()));
        Assert.Equal("GenieCredentialIncomplete", emptySecret.ErrorId);

        var noHost = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(
            new AuthSettings { Method = AuthMethod.AccessToken, AccessToken = SecureStrings.Protect("dapi") }, Env()));
        Assert.Equal("GenieHostMissing", noHost.ErrorId);
        Assert.Contains("DATABRICKS_HOST", noHost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_insecure_host_in_a_profile_is_refused()
    {
        var path = WriteConfig("[DEFAULT]\nhost = http://adb-1.azuredatabricks.net\ntoken = dapi\n");

        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings { ConfigFile = path }, Env()));

        Assert.Equal("GenieInsecureHost", error.ErrorId);
    }

    [Fact]
    public void Config_file_parsing_handles_comments_quotes_case_and_reports_malformed_lines()
    {
        var file = DatabricksConfigFile.Parse("; c\n[a]\nHOST = \"https://x\"\n  token=abc  \n[a]\nclient_id = late\n", "f");
        Assert.Equal(["a"], file.ProfileNames);
        Assert.Equal("https://x", file.Profile("a")!["host"]);
        Assert.Equal("abc", file.Profile("a")!["token"]);
        Assert.Equal("late", file.Profile("a")!["client_id"]);
        Assert.Null(file.Profile("__settings__"));

        var error = Assert.Throws<GenieObservabilityException>(() => DatabricksConfigFile.Parse("[a]\njust words\n", "f"));
        Assert.Equal("GenieConfigFileInvalid", error.ErrorId);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_credential_description_never_contains_the_secret()
    {
        var credential = CredentialResolver.Resolve(new AuthSettings(), Env(("DATABRICKS_HOST", "https://a.cloud.databricks.com"), ("DATABRICKS_CLIENT_ID", "sp"), ("DATABRICKS_CLIENT_SECRET", "very-secret-value")));

        Assert.DoesNotContain("very-secret-value", credential.ToString(), StringComparison.Ordinal);
        Assert.Contains("OAuth client 'sp'", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void DATABRICKS_AUTH_TYPE_picks_one_method_among_several_configured()
    {
        var credential = CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-env"), ("ARM_TENANT_ID", "t"), ("ARM_CLIENT_ID", "c"), ("ARM_CLIENT_SECRET", "s"), ("DATABRICKS_AUTH_TYPE", "azure-client-secret")));

        Assert.Equal(AuthTypes.EntraServicePrincipal, credential.AuthType);
        Assert.Equal("Environment", credential.Source);
    }

    [Fact]
    public void The_AuthType_parameter_wins_over_DATABRICKS_AUTH_TYPE_and_explicit_credentials_ignore_both()
    {
        var environment = Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-env"), ("ARM_USE_MSI", "true"), ("DATABRICKS_AUTH_TYPE", "azure-msi"));

        Assert.Equal(AuthTypes.Pat, CredentialResolver.Resolve(new AuthSettings { AuthType = "pat" }, environment).AuthType);
        Assert.Equal(AuthTypes.ManagedIdentity, CredentialResolver.Resolve(new AuthSettings(), environment).AuthType);
        Assert.Equal(AuthTypes.OAuthM2M, CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.OAuthM2M, ClientId = "sp", ClientSecret = SecureStrings.Protect("s") }, environment).AuthType);
    }

    [Fact]
    public void A_forced_method_without_its_inputs_is_an_error_naming_them_not_a_fall_back()
    {
        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-env"), ("ARM_TENANT_ID", "t"), ("DATABRICKS_AUTH_TYPE", "azure-client-secret"))));

        Assert.Equal("GenieCredentialIncomplete", error.ErrorId);
        Assert.Contains("DATABRICKS_AUTH_TYPE is azure-client-secret", error.Message, StringComparison.Ordinal);
        Assert.Contains("ARM_CLIENT_ID, ARM_CLIENT_SECRET", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("github-oidc", "Databricks SDK auth type this module does not support")]
    [InlineData("databricks-cli", "Databricks SDK auth type this module does not support")]
    [InlineData("kerberos", "is not an auth type")]
    public void An_auth_type_the_module_does_not_have_is_refused_with_the_supported_names(string name, string why)
    {
        var error = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("DATABRICKS_TOKEN", "dapi-env"), ("DATABRICKS_AUTH_TYPE", name))));

        Assert.Equal("GenieAuthTypeNotSupported", error.ErrorId);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
        Assert.Contains("pat, oauth-m2m, azure-workload-identity, azure-msi, azure-client-secret, azure-client-certificate, azure-cli", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_profile_auth_type_forces_the_method_of_that_profile()
    {
        var path = WriteConfig("[ws]\nhost = https://adb-1.azuredatabricks.net\ntoken = dapi-file\nazure_tenant_id = t\nazure_client_id = c\nazure_client_certificate_path = /certs/app.pfx\nauth_type = azure-client-certificate\n", "auth.cfg");

        var credential = CredentialResolver.Resolve(new AuthSettings { Method = AuthMethod.Profile, Profile = "ws", ConfigFile = path }, Env());

        Assert.Equal(AuthTypes.EntraCertificate, credential.AuthType);
        Assert.Equal("/certs/app.pfx", credential.CertificatePath);
        Assert.Equal("Profile:ws", credential.Source);
    }

    [Fact]
    public void Workload_identity_comes_from_the_variables_the_AKS_webhook_sets_before_managed_identity()
    {
        var credential = CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/token"), ("AZURE_CLIENT_ID", "wi-app"), ("AZURE_TENANT_ID", "wi-tenant"), ("ARM_USE_MSI", "true")));

        Assert.Equal(AuthTypes.WorkloadIdentity, credential.AuthType);
        Assert.Equal("wi-app", credential.ClientId);
        Assert.Equal("wi-tenant", credential.TenantId);
        Assert.Equal("/var/run/secrets/token", credential.TokenFile);
    }

    [Fact]
    public void An_Entra_certificate_comes_from_ARM_CLIENT_CERTIFICATE_PATH()
    {
        var credential = CredentialResolver.Resolve(
            new AuthSettings(),
            Env(("DATABRICKS_HOST", "https://adb-1.azuredatabricks.net"), ("ARM_TENANT_ID", "t"), ("ARM_CLIENT_ID", "c"), ("ARM_CLIENT_CERTIFICATE_PATH", "/certs/app.pem")));

        Assert.Equal(AuthTypes.EntraCertificate, credential.AuthType);
        Assert.Equal("/certs/app.pem", credential.CertificatePath);
    }

    [Fact]
    public void With_nothing_configured_an_Azure_workspace_falls_back_to_the_Azure_CLI_only_when_az_is_on_PATH()
    {
        var bin = Directory.CreateDirectory(Path.Combine(_home, "bin")).FullName;
        File.WriteAllText(Path.Combine(bin, OperatingSystem.IsWindows() ? "az.cmd" : "az"), string.Empty);
        var withAz = Env(("PATH", bin), ("ARM_TENANT_ID", "t"));

        var azure = CredentialResolver.Resolve(new AuthSettings { Host = "https://adb-1.7.azuredatabricks.net" }, withAz);
        Assert.Equal(AuthTypes.AzureCli, azure.AuthType);
        Assert.Equal("t", azure.TenantId);

        var aws = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings { Host = "https://dbc-1.cloud.databricks.com" }, withAz));
        Assert.Equal("GenieCredentialNotFound", aws.ErrorId);
        var noAz = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings { Host = "https://adb-1.7.azuredatabricks.net" }, Env(("PATH", _home))));
        Assert.Equal("GenieCredentialNotFound", noAz.ErrorId);

        var path = WriteConfig("[DEFAULT]\nhost = https://adb-2.7.azuredatabricks.net\n");
        var fromProfile = CredentialResolver.Resolve(new AuthSettings(), withAz);
        Assert.Equal(AuthTypes.AzureCli, fromProfile.AuthType);
        Assert.Equal(path, fromProfile.ConfigFile);
    }

    [Fact]
    public void The_Azure_CLI_can_be_forced_for_any_host_and_needs_one()
    {
        var forced = CredentialResolver.Resolve(new AuthSettings { Host = "https://127.0.0.1:8443", AuthType = "azure-cli" }, Env(("PATH", _home)));
        Assert.Equal(AuthTypes.AzureCli, forced.AuthType);
        Assert.Null(forced.TenantId);

        var noHost = Assert.Throws<GenieObservabilityException>(() => CredentialResolver.Resolve(new AuthSettings(), Env(("DATABRICKS_AUTH_TYPE", "azure-cli"))));
        Assert.Equal("GenieCredentialIncomplete", noHost.ErrorId);
        Assert.Contains("a workspace URL", noHost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Entra_authorities_follow_AZURE_AUTHORITY_HOST_else_the_cloud_of_the_workspace()
    {
        Assert.Equal("https://login.microsoftonline.com/", AzureEnvironment.AuthorityHost(new Uri("https://adb-1.7.azuredatabricks.net"), Env()).ToString());
        Assert.Equal("https://login.microsoftonline.us/", AzureEnvironment.AuthorityHost(new Uri("https://adb-1.7.databricks.azure.us"), Env()).ToString());
        Assert.Equal("https://login.chinacloudapi.cn/", AzureEnvironment.AuthorityHost(new Uri("https://adb-1.7.databricks.azure.cn"), Env()).ToString());
        Assert.Equal("https://login.example.test/", AzureEnvironment.AuthorityHost(new Uri("https://adb-1.7.azuredatabricks.net"), Env(("AZURE_AUTHORITY_HOST", "https://login.example.test"))).ToString());
        Assert.Equal("GenieHostInvalid", Assert.Throws<GenieObservabilityException>(() => AzureEnvironment.AuthorityHost(new Uri("https://adb-1.7.azuredatabricks.net"), Env(("AZURE_AUTHORITY_HOST", "http://127.0.0.1:5000")))).ErrorId);
        Assert.True(AzureEnvironment.IsKnownAuthority(new Uri("https://login.microsoftonline.us/")));
        Assert.False(AzureEnvironment.IsKnownAuthority(new Uri("https://127.0.0.1:5001/")));
    }
}
