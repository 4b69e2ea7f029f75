using System.Management.Automation;
using System.Security;
using System.Security.Cryptography.X509Certificates;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine;
using GenieObservability.Engine.Auth;

namespace GenieObservability.Commands;

/// <summary>
/// Connects the current runspace to a Databricks workspace: resolves the credential (parameters, else environment,
/// else ~/.databrickscfg), fetches a first token so a wrong secret fails here, and makes the result the current
/// context. An existing warehouse connection is kept.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "GenieWorkspace", DefaultParameterSetName = AutomaticSet)]
[OutputType(typeof(GenieContext))]
public sealed class ConnectGenieWorkspaceCommand : GenieCmdlet
{
    private const string AutomaticSet = "Automatic";
    private const string AccessTokenSet = "AccessToken";
    private const string OAuthSet = "OAuthM2M";
    private const string EntraSet = "EntraServicePrincipal";
    private const string CertificatePathSet = "EntraCertificatePath";
    private const string CertificateThumbprintSet = "EntraCertificateThumbprint";
    private const string CertificateSet = "EntraCertificate";
    private const string IdentitySet = "ManagedIdentity";
    private const string ProfileSet = "Profile";

    /// <summary>The workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net.</summary>
    [Parameter(Position = 0)]
    [Alias("Workspace", "Url")]
    [ValidateNotNullOrEmpty]
    public new string? Host { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AccessTokenSet)]
    [ValidateNotNull]
    public SecureString? AccessToken { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = OAuthSet)]
    [Parameter(Mandatory = true, ParameterSetName = EntraSet)]
    [Credential]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = EntraSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? TenantId { get; set; }

    /// <summary>A PFX/PKCS#12 or PEM file with the service principal's certificate and private key.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
    [ValidateNotNullOrEmpty]
    public string? CertificatePath { get; set; }

    [Parameter(ParameterSetName = CertificatePathSet)]
    public SecureString? CertificatePassword { get; set; }

    /// <summary>The thumbprint of a certificate (with private key) in the CurrentUser or LocalMachine "My" store.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
    [ValidateNotNullOrEmpty]
    public string? CertificateThumbprint { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [ValidateNotNull]
    public X509Certificate2? Certificate { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = IdentitySet)]
    public SwitchParameter Identity { get; set; }

    [Parameter(ParameterSetName = IdentitySet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificatePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateThumbprintSet)]
    [Parameter(Mandatory = true, ParameterSetName = CertificateSet)]
    [ValidateNotNullOrEmpty]
    public string? ClientId { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = ProfileSet)]
    [ValidateNotNullOrEmpty]
    public string? Profile { get; set; }

    [Parameter(ParameterSetName = ProfileSet)]
    [Parameter(ParameterSetName = AutomaticSet)]
    [ValidateNotNullOrEmpty]
    public string? ConfigFile { get; set; }

    /// <summary>Forces one method, as DATABRICKS_AUTH_TYPE does (the Databricks SDK names).</summary>
    [Parameter(ParameterSetName = AutomaticSet)]
    [Parameter(ParameterSetName = ProfileSet)]
    [ValidateSet("pat", "oauth-m2m", "azure-workload-identity", "azure-msi", "azure-client-secret", "azure-client-certificate", "azure-cli")]
    public string? AuthType { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        var settings = new AuthSettings
        {
            Method = ParameterSetName switch
            {
                AccessTokenSet => AuthMethod.AccessToken,
                OAuthSet => AuthMethod.OAuthM2M,
                EntraSet => AuthMethod.EntraServicePrincipal,
                CertificatePathSet or CertificateThumbprintSet or CertificateSet => AuthMethod.EntraCertificate,
                IdentitySet => AuthMethod.ManagedIdentity,
                ProfileSet => AuthMethod.Profile,
                _ => AuthMethod.Automatic,
            },
            Host = Host,
            AuthType = AuthType,
            AccessToken = AccessToken,
            // Get-Credential on Windows may prefix a bare user name with a backslash.
            ClientId = Credential?.UserName.TrimStart('\\') ?? ClientId,
            ClientSecret = Credential?.Password,
            TenantId = TenantId,
            CertificatePath = CertificatePath is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(CertificatePath),
            CertificatePassword = CertificatePassword,
            CertificateThumbprint = CertificateThumbprint,
            Certificate = Certificate,
            Profile = Profile,
            ConfigFile = ConfigFile is null ? null : SessionState.Path.GetUnresolvedProviderPathFromPSPath(ConfigFile),
        };

        ResolvedCredential credential;
        ITokenProvider provider;
        try
        {
            credential = CredentialResolver.Resolve(settings);
            WriteVerbose($"Connecting to {credential}.");
            provider = credential.CreateProvider();
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, Host);
            return;
        }

        if (provider is CachingTokenProvider issuing)
        {
            try
            {
                var token = Run(ct => issuing.AcquireAsync(credential.Host, false, null, Log, ct));
                WriteVerbose($"Authenticated: got a {credential.AuthType} token valid until {token.ExpiresOn:u}.");
            }
            catch (GenieObservabilityException ex)
            {
                Fail(new GenieObservabilityException(ex.Message, "GenieAuthenticationFailed", GenieErrorCategory.AuthenticationError, ex), credential.Host);
                return;
            }
        }
        else
        {
            WriteVerbose("The access token is used as given; the workspace checks it on the first API call.");
        }

        var previous = ContextStore.Current;
        var context = new GenieContext
        {
            Host = credential.Host,
            AuthType = credential.AuthType,
            ClientId = credential.ClientId,
            TenantId = credential.TenantId,
            CredentialSource = credential.Source,
            ConnectedAt = DateTimeOffset.UtcNow,
            WorkspaceSession = new WorkspaceSession(credential.Host, provider),
        };

        if (previous is not null)
        {
            // Reconnecting the workspace keeps the warehouse the tables live in.
            context.WarehouseKind = previous.WarehouseKind;
            context.WarehouseTarget = previous.WarehouseTarget;
            context.Catalog = previous.Catalog;
            context.Schema = previous.Schema;
            context.WarehouseSession = previous.WarehouseSession;
            if (previous.Host == credential.Host)
            {
                context.PipelineId = previous.PipelineId;
            }
        }

        ContextStore.Current = context;
        if (PassThru)
        {
            WriteObject(context);
        }
    }
}
