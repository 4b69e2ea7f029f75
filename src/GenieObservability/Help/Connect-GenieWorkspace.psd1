@{
    Synopsis    = 'Connects the current runspace to a Databricks workspace.'
    Description = @'
Resolves the workspace URL and a credential the way the Databricks SDKs do, checks it, and makes the connection the current context of this runspace (Get-GenieContext shows it; every workspace cmdlet uses it unless -Context is given).

Credentials, first match wins:
- Parameters: -AccessToken (a personal access token or any bearer token); -Credential (Databricks OAuth machine-to-machine: user name = service principal application id, password = OAuth secret); -TenantId with -Credential (Entra ID service principal with a client secret); -TenantId -ClientId with -CertificatePath, -CertificateThumbprint or -Certificate (Entra ID service principal with a certificate); -Identity [-ClientId] (Azure managed identity: the Azure Automation / App Service endpoint when IDENTITY_ENDPOINT and IDENTITY_HEADER are set, else the instance metadata service); -Profile (a ~/.databrickscfg profile).
- With none of those: environment variables DATABRICKS_TOKEN; DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET; AZURE_FEDERATED_TOKEN_FILE with AZURE_CLIENT_ID and AZURE_TENANT_ID (or ARM_CLIENT_ID / ARM_TENANT_ID: workload identity, as the AKS webhook sets them); ARM_USE_MSI=true (with ARM_CLIENT_ID for a user-assigned identity); ARM_TENANT_ID, ARM_CLIENT_ID and ARM_CLIENT_SECRET, or ARM_CLIENT_CERTIFICATE_PATH (and ARM_CLIENT_CERTIFICATE_PASSWORD) instead of the secret.
- Else the config file (-ConfigFile, DATABRICKS_CONFIG_FILE, or ~/.databrickscfg): the profile named by DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else [DEFAULT]. Keys: host, token, client_id, client_secret, azure_tenant_id, azure_client_id, azure_client_secret, azure_client_certificate_path, azure_client_certificate_password, azure_use_msi, azure_federated_token_file, auth_type.
- Else, for an Azure Databricks host (*.azuredatabricks.net, *.databricks.azure.us, *.databricks.azure.cn) when az is on PATH: the Azure CLI login (az login), as the Databricks SDKs do.

-AuthType, else DATABRICKS_AUTH_TYPE, else the profile's auth_type forces one method by its Databricks SDK name: pat, oauth-m2m, azure-client-secret, azure-msi, azure-cli, and this module's azure-client-certificate and azure-workload-identity. A forced method whose inputs are missing is an error that names them; it never falls back to another method. Other SDK names (github-oidc, env-oidc, databricks-cli, ...) are refused with GenieAuthTypeNotSupported. Explicit credential parameters ignore DATABRICKS_AUTH_TYPE.

Entra ID, managed identity, workload identity and Azure CLI tokens come from Azure.Identity, loaded in the module's own load context, so it does not clash with the Az.Accounts copy an Azure Automation runbook loads. The Entra authority is AZURE_AUTHORITY_HOST when set (https only), else the cloud the workspace host belongs to (login.microsoftonline.com, .us, or login.chinacloudapi.cn).

The host comes from -Host, else DATABRICKS_HOST, else the profile. It must be an https URL with no path (a bare host name is taken as https); plain http is refused except to loopback addresses, so credentials never cross the network unencrypted.

For OAuth, Entra, managed identity, workload identity and Azure CLI a token is fetched at once, so a wrong secret fails here with error id GenieAuthenticationFailed; tokens are then cached, refreshed before they expire and shared by every call. Databricks OAuth keeps one token per workspace, so the same connection serves every workspace URL the audit log names. A personal access token is checked by the workspace on the first call.

Secrets are held only in memory (as SecureString) and never written to output, Verbose or Debug messages, or errors. Reconnecting keeps the current warehouse connection.
'@
    Outputs     = 'With -PassThru, the new GenieContext (without secrets).'
    Parameters  = @{
        Host         = 'The workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net. Defaults to DATABRICKS_HOST, then the profile''s host. Aliases: Workspace, Url.'
        AccessToken  = 'A personal access token (or another bearer token) as a SecureString, e.g. (Read-Host -AsSecureString) or a secret from SecretManagement.'
        Credential   = 'The service principal: user name = application (client) id, password = OAuth secret (Databricks OAuth) or client secret (with -TenantId, Entra ID).'
        TenantId     = 'The Entra ID directory (tenant) id (GUID or domain); makes -Credential, or a certificate, an Entra service principal. The authority is AZURE_AUTHORITY_HOST when set, else the workspace''s cloud.'
        ClientId     = 'With -Identity: the client id of a user-assigned managed identity (omit for the system-assigned one). With a certificate: the Entra application (client) id.'
        CertificatePath = 'A PFX/PKCS#12 file (with -CertificatePassword if it has one) or a PEM file holding the service principal''s certificate and private key.'
        CertificatePassword = 'The password of the -CertificatePath PFX file, as a SecureString.'
        CertificateThumbprint = 'The thumbprint of the service principal''s certificate, with its private key, in the CurrentUser or LocalMachine "My" certificate store (Cert:\CurrentUser\My).'
        Certificate  = 'The service principal''s certificate object, with its private key, e.g. (Get-AutomationCertificate -Name sp) in Azure Automation or (Get-Item Cert:\CurrentUser\My\<thumbprint>).'
        Identity     = 'Use the Azure managed identity of the machine, Automation account or App Service this runs in.'
        AuthType     = 'Forces one method, like DATABRICKS_AUTH_TYPE: pat, oauth-m2m, azure-workload-identity, azure-msi, azure-client-secret, azure-client-certificate or azure-cli. Its inputs come from the environment or the profile; missing ones are an error, not a fall-back.'
        Profile      = 'The name of a profile (section) in the Databricks config file.'
        ConfigFile   = 'The Databricks config file to read instead of DATABRICKS_CONFIG_FILE or ~/.databrickscfg.'
        PassThru     = 'Also returns the new context, e.g. to pass to -Context later or to keep several workspaces at hand.'
    }
    Examples    = @(
        @{
            Code    = 'Connect-GenieWorkspace -Host https://adb-1234567890123456.7.azuredatabricks.net -Identity'
            Remarks = 'In an Azure Automation runbook: authenticates with the Automation account''s system-assigned managed identity.'
        }
        @{
            Code    = '$sp = Get-Credential -UserName 9f1c0e2a-0000-4c3b-8d6e-5a7b9c1d2e3f; Connect-GenieWorkspace -Host https://dbc-a1b2c3d4-e5f6.cloud.databricks.com -Credential $sp -Verbose'
            Remarks = 'Databricks OAuth machine-to-machine with a service principal''s OAuth secret; Verbose shows which credential is used and until when the token is valid.'
        }
        @{
            Code    = 'Connect-GenieWorkspace -Host https://adb-1234567890123456.7.azuredatabricks.net -TenantId contoso.onmicrosoft.com -Credential $sp'
            Remarks = 'An Entra ID service principal with a client secret.'
        }
        @{
            Code    = 'Connect-GenieWorkspace -Host https://adb-1234567890123456.7.azuredatabricks.net -TenantId contoso.onmicrosoft.com -ClientId 9f1c0e2a-0000-4c3b-8d6e-5a7b9c1d2e3f -Certificate (Get-AutomationCertificate -Name GenieSp)'
            Remarks = 'An Entra ID service principal with a certificate from the Automation account''s certificate assets. -CertificatePath ./sp.pfx -CertificatePassword $pw and -CertificateThumbprint do the same from a file or the certificate store.'
        }
        @{
            Code    = 'az login; Connect-GenieWorkspace -Host https://adb-1234567890123456.7.azuredatabricks.net -AuthType azure-cli'
            Remarks = 'On an admin''s workstation: uses the Azure CLI login. Without -AuthType the CLI is also used when nothing else is configured and the host is an Azure Databricks workspace.'
        }
        @{
            Code    = '$env:DATABRICKS_AUTH_TYPE = ''azure-workload-identity''; Connect-GenieWorkspace -Host $env:DATABRICKS_HOST'
            Remarks = 'In an AKS pod with Entra workload identity: exchanges the token in AZURE_FEDERATED_TOKEN_FILE for an Entra token (found without DATABRICKS_AUTH_TYPE too).'
        }
        @{
            Code    = 'Connect-GenieWorkspace -AccessToken (Get-Secret DatabricksPat)'
            Remarks = 'A personal access token from SecretManagement; the host comes from DATABRICKS_HOST.'
        }
        @{
            Code    = 'Connect-GenieWorkspace -Profile prod; $prod = Connect-GenieWorkspace -Profile dev -PassThru'
            Remarks = 'Profiles from ~/.databrickscfg. The second call returns its context for use with -Context.'
        }
        @{
            Code    = 'Connect-GenieWorkspace'
            Remarks = 'Uses DATABRICKS_HOST with DATABRICKS_TOKEN, DATABRICKS_CLIENT_ID/SECRET or ARM_* variables, else the default profile of ~/.databrickscfg.'
        }
    )
    Links       = @('Get-GenieContext', 'Disconnect-GenieWorkspace', 'Connect-GenieWarehouse')
    Notes       = 'Error ids: GenieHostMissing, GenieHostInvalid, GenieInsecureHost, GenieCredentialNotFound, GenieCredentialIncomplete, GenieAuthTypeNotSupported, GenieProfileNotFound, GenieConfigFileNotFound, GenieConfigFileInvalid, GenieCertificateNotFound, GenieCertificateInvalid, GenieAuthenticationFailed.'
}
