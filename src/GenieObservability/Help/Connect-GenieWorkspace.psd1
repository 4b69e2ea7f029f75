@{
    Synopsis    = 'Connects the current runspace to a Databricks workspace.'
    Description = @'
Resolves the workspace URL and a credential the way the Databricks SDKs do, checks it, and makes the connection the current context of this runspace (Get-GenieContext shows it; every workspace cmdlet uses it unless -Context is given).

Credentials, first match wins:
- Parameters: -AccessToken (a personal access token or any bearer token); -Credential (Databricks OAuth machine-to-machine: user name = service principal application id, password = OAuth secret); -TenantId with -Credential (Entra ID service principal with a client secret); -Identity [-ClientId] (Azure managed identity: the Azure Automation / App Service endpoint when IDENTITY_ENDPOINT and IDENTITY_HEADER are set, else the instance metadata service); -Profile (a ~/.databrickscfg profile).
- With none of those: environment variables DATABRICKS_TOKEN; DATABRICKS_CLIENT_ID and DATABRICKS_CLIENT_SECRET; ARM_USE_MSI=true (with ARM_CLIENT_ID for a user-assigned identity); ARM_TENANT_ID, ARM_CLIENT_ID and ARM_CLIENT_SECRET.
- Else the config file (-ConfigFile, DATABRICKS_CONFIG_FILE, or ~/.databrickscfg): the profile named by DATABRICKS_CONFIG_PROFILE, else [__settings__] default_profile, else [DEFAULT]. Keys: host, token, client_id, client_secret, azure_tenant_id, azure_client_id, azure_client_secret, azure_use_msi.

The host comes from -Host, else DATABRICKS_HOST, else the profile. It must be an https URL with no path (a bare host name is taken as https); plain http is refused except to loopback addresses, so credentials never cross the network unencrypted.

For OAuth, Entra and managed identity a token is fetched at once, so a wrong secret fails here with error id GenieAuthenticationFailed; tokens are then cached, refreshed before they expire and shared by every call. Databricks OAuth keeps one token per workspace, so the same connection serves every workspace URL the audit log names. A personal access token is checked by the workspace on the first call.

Secrets are held only in memory (as SecureString) and never written to output, Verbose or Debug messages, or errors. Reconnecting keeps the current warehouse connection.
'@
    Outputs     = 'With -PassThru, the new GenieContext (without secrets).'
    Parameters  = @{
        Host         = 'The workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net. Defaults to DATABRICKS_HOST, then the profile''s host. Aliases: Workspace, Url.'
        AccessToken  = 'A personal access token (or another bearer token) as a SecureString, e.g. (Read-Host -AsSecureString) or a secret from SecretManagement.'
        Credential   = 'The service principal: user name = application (client) id, password = OAuth secret (Databricks OAuth) or client secret (with -TenantId, Entra ID).'
        TenantId     = 'The Entra ID directory (tenant) id; makes -Credential an Entra service principal. The authority is https://login.microsoftonline.com unless AZURE_AUTHORITY_HOST says otherwise.'
        Identity     = 'Use the Azure managed identity of the machine, Automation account or App Service this runs in.'
        ClientId     = 'With -Identity: the client id of a user-assigned managed identity. Omit for the system-assigned identity.'
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
    Notes       = 'Error ids: GenieHostMissing, GenieHostInvalid, GenieInsecureHost, GenieCredentialNotFound, GenieCredentialIncomplete, GenieProfileNotFound, GenieConfigFileNotFound, GenieConfigFileInvalid, GenieAuthenticationFailed.'
}
