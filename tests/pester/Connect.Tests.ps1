# Connect-GenieWorkspace / Get-GenieContext / Disconnect-GenieWorkspace against the published module and an emulator process.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    Import-Module $ModulePath -Force

    $script:Pat = 'dapi-pester-pat-000000000001'
    $script:OAuthId = 'pester-oauth-sp'
    $script:OAuthSecret = 'dose-pester-oauth-secret-0001'
    $script:Tenant = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee'
    $script:EntraId = 'pester-entra-app'
    $script:EntraSecret = 'entra~pester~secret~0001'
    $script:SystemIdentity = 'pester-system-identity'
    $script:UserIdentity = 'pester-user-identity'
    $script:IdentityHeader = 'pester-identity-header-0001'
    $script:CertificatePassword = 'pfx~pester~password~0001'
    $script:CliToken = 'az-cli-pester-token-0001'
    $script:Secrets = @($Pat, "$($OAuthId):$OAuthSecret", $OAuthSecret, $EntraSecret, $IdentityHeader, $CertificatePassword, $CliToken)

    $script:TempDir = Join-Path ([IO.Path]::GetTempPath()) ("genie-connect-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $TempDir | Out-Null

    # Entra clients (MSAL) only talk to https authorities: the emulator also serves TLS with a certificate made here,
    # which only the child processes that get SSL_CERT_FILE trust.
    $script:Tls = New-TestCertificate -Directory $TempDir -Name 'genie-emulator-tls' -Tls
    $script:Emulator = Start-GenieEmulator -TlsCertificatePath $Tls.PfxPath
    $script:Url = $Emulator.Url
    $script:TlsUrl = $Emulator.TlsUrl
    $script:Trust = @{ SSL_CERT_FILE = $Tls.PemPath; AZURE_AUTHORITY_HOST = $TlsUrl }

    $script:AppCertificate = New-TestCertificate -Directory $TempDir -Name 'pester-entra-app'
    $script:LockedPfx = Join-Path $TempDir 'pester-entra-app-locked.pfx'
    [IO.File]::WriteAllBytes($LockedPfx, $AppCertificate.Certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, $CertificatePassword))
    $script:IssuerKey = [System.Security.Cryptography.RSA]::Create(2048)
    $script:Issuer = 'https://issuer.pester.test/cluster'
    $script:WorkloadSubject = 'system:serviceaccount:genie:runner'
    Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
        tokens  = @($Pat, $CliToken)
        clients = @{ $OAuthId = $OAuthSecret }
        genie   = @{ spaces = @(@{ space_id = 'auth-s1'; title = 'Auth check' }) }
        azure   = @{
            apps            = @(@{
                    tenant       = $Tenant; clientId = $EntraId; clientSecret = $EntraSecret
                    certificates = @([Convert]::ToBase64String($AppCertificate.Certificate.RawData))
                    federated    = @(@{ issuer = $Issuer; subject = $WorkloadSubject; publicKeyPem = $IssuerKey.ExportSubjectPublicKeyInfoPem() })
                })
            systemIdentity  = $SystemIdentity
            userIdentities  = @($UserIdentity)
            identityHeader  = $IdentityHeader
        }
    } | Out-Null

    # Nothing here may read the real ~/.databrickscfg or inherit credentials from the machine.
    $script:Variables = 'DATABRICKS_HOST', 'DATABRICKS_TOKEN', 'DATABRICKS_CLIENT_ID', 'DATABRICKS_CLIENT_SECRET', 'DATABRICKS_CONFIG_PROFILE',
        'DATABRICKS_CONFIG_FILE', 'DATABRICKS_AUTH_TYPE', 'ARM_TENANT_ID', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_USE_MSI',
        'ARM_CLIENT_CERTIFICATE_PATH', 'ARM_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_AUTHORITY_HOST', 'AZURE_POD_IDENTITY_AUTHORITY_HOST',
        'IDENTITY_ENDPOINT', 'IDENTITY_HEADER', 'AZURE_FEDERATED_TOKEN_FILE', 'AZURE_CLIENT_ID', 'AZURE_TENANT_ID', 'AZURE_REGIONAL_AUTHORITY_NAME'
    $script:SavedEnvironment = @{}
    foreach ($name in $Variables) { $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $null) }
    $env:DATABRICKS_CONFIG_FILE = Join-Path $TempDir 'absent.databrickscfg'

    function script:New-ConfigFile([string] $Text) {
        $path = Join-Path $TempDir ("cfg-" + [guid]::NewGuid() + '.databrickscfg')
        Set-Content -Path $path -Value $Text
        $path
    }
    function script:Get-IssuedCount { (Invoke-EmulatorControl -Emulator $Emulator -Path tokens -Method GET).issued }
    function script:Assert-NoSecret([string] $Text) {
        foreach ($secret in $Secrets) { $Text | Should -Not -BeLike "*$secret*" }
        $Text | Should -Not -Match 'emu-[0-9a-f]{32}'
    }
    function script:Reset-Variables { foreach ($name in $Variables) { if ($name -ne 'DATABRICKS_CONFIG_FILE') { [Environment]::SetEnvironmentVariable($name, $null) } } }
    # Runs a script in a fresh pwsh with the module imported, trusting the emulator's TLS certificate and using it as the
    # Entra authority; fails the test when the script fails. Returns its output lines.
    function script:Invoke-Connected([string] $Script, [hashtable] $Environment = @{}) {
        $variables = $Trust.Clone()
        foreach ($key in $Environment.Keys) { $variables[$key] = $Environment[$key] }
        $result = Invoke-FreshPwsh -Script "`$ErrorActionPreference = 'Stop'; Import-Module '$ModulePath'; $Script" -Environment $variables
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        , $result.Output
    }
    function script:Get-TokenRequests([string] $Path) { @((Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET) | Where-Object path -EQ $Path).Count }
    $script:EntraLine = "`$sp = [pscredential]::new('$EntraId', (ConvertTo-SecureString '$EntraSecret' -AsPlainText -Force)); "
    $script:OAuthCredential = [pscredential]::new($OAuthId, (ConvertTo-SecureString $OAuthSecret -AsPlainText -Force))
    $script:EntraCredential = [pscredential]::new($EntraId, (ConvertTo-SecureString $EntraSecret -AsPlainText -Force))
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    if ($IssuerKey) { $IssuerKey.Dispose() }
    foreach ($name in $SavedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $SavedEnvironment[$name]) }
    if ($Emulator) { Stop-GenieEmulator -Emulator $Emulator }
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $TempDir
}

Describe 'Connect-GenieWorkspace parameter sets' {
    AfterEach { Reset-Variables }

    It 'connects with -AccessToken' {
        $context = Connect-GenieWorkspace -Host $Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force) -PassThru
        $context.AuthType | Should -Be 'Pat'
        $context.CredentialSource | Should -Be 'Parameters'
        $context.Host | Should -Be ([uri]"$Url/")
        (Get-GenieContext).Host | Should -Be $context.Host
    }

    It 'connects with -Credential (Databricks OAuth M2M) and fetches a token at once' {
        $before = Get-IssuedCount
        $context = Connect-GenieWorkspace -Url $Url -Credential $OAuthCredential -PassThru
        $context.AuthType | Should -Be 'OAuthM2M'
        $context.ClientId | Should -Be $OAuthId
        (Get-IssuedCount) | Should -Be ($before + 1)
    }

    It 'connects with -TenantId and -Credential (Entra service principal) through AZURE_AUTHORITY_HOST over TLS' {
        $before = Get-IssuedCount
        $output = Invoke-Connected ($EntraLine + "`$c = Connect-GenieWorkspace -Workspace '$Url' -TenantId '$Tenant' -Credential `$sp -PassThru; " +
            "'{0}|{1}|{2}|{3}' -f `$c.AuthType, `$c.TenantId, `$c.ClientId, (Get-GenieSpace).SpaceId")
        $output[-1] | Should -Be "EntraServicePrincipal|$Tenant|$EntraId|auth-s1"
        (Get-IssuedCount) | Should -Be ($before + 1)
        Get-TokenRequests "/$Tenant/oauth2/v2.0/token" | Should -BeGreaterOrEqual 1
    }

    It 'connects with an Entra certificate given as <Name>' -ForEach @(
        @{ Name = '-CertificatePath and -CertificatePassword'; Line = { "Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -ClientId '$EntraId' -CertificatePath '$LockedPfx' -CertificatePassword (ConvertTo-SecureString '$CertificatePassword' -AsPlainText -Force) -PassThru" } }
        @{ Name = '-Certificate'; Line = { "Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -ClientId '$EntraId' -Certificate ([System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile('$($AppCertificate.PfxPath)', `$null)) -PassThru" } }
    ) {
        $before = Get-IssuedCount
        $output = Invoke-Connected "`$c = $(& $Line); '{0}|{1}|{2}' -f `$c.AuthType, `$c.ClientId, (Get-GenieSpace).SpaceId"
        $output[-1] | Should -Be "EntraCertificate|$EntraId|auth-s1"
        (Get-IssuedCount) | Should -Be ($before + 1)
    }

    It 'connects with -CertificateThumbprint from the CurrentUser certificate store' {
        # A HOME of its own gives the child its own CurrentUser store.
        $userHome = Join-Path $TempDir ("home-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $userHome | Out-Null
        $script = "`$store = [System.Security.Cryptography.X509Certificates.X509Store]::new('My', 'CurrentUser'); `$store.Open('ReadWrite'); " +
            "`$store.Add([System.Security.Cryptography.X509Certificates.X509CertificateLoader]::LoadPkcs12FromFile('$($AppCertificate.PfxPath)', `$null, 'PersistKeySet')); `$store.Close(); " +
            "`$c = Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -ClientId '$EntraId' -CertificateThumbprint '$($AppCertificate.Thumbprint.ToLowerInvariant())' -PassThru; `$c.AuthType"
        (Invoke-Connected $script @{ HOME = $userHome })[-1] | Should -Be 'EntraCertificate'
    }

    It 'connects with Entra workload identity from AZURE_FEDERATED_TOKEN_FILE' {
        $tokenFile = Join-Path $TempDir 'federated-token'
        Set-Content -Path $tokenFile -Value (New-FederatedToken -Key $IssuerKey -Issuer $Issuer -Subject $WorkloadSubject) -NoNewline
        $output = Invoke-Connected "`$c = Connect-GenieWorkspace -Host '$Url' -PassThru; '{0}|{1}|{2}|{3}' -f `$c.AuthType, `$c.ClientId, `$c.CredentialSource, (Get-GenieSpace).SpaceId" @{
            AZURE_FEDERATED_TOKEN_FILE = $tokenFile; AZURE_CLIENT_ID = $EntraId; AZURE_TENANT_ID = $Tenant
        }
        $output[-1] | Should -Be "WorkloadIdentity|$EntraId|Environment|auth-s1"
    }

    It 'connects with the Azure CLI login (a stand-in az script on PATH; <Name>)' -ForEach @(
        @{ Name = '-AuthType azure-cli'; Connect = "Connect-GenieWorkspace -Host '{0}' -AuthType azure-cli -PassThru"; Variables = @{}; Arguments = 'account get-access-token --output json --resource 2ff814a6-3304-4ab8-85cb-cd0e6f879c1d' }
        @{ Name = 'DATABRICKS_AUTH_TYPE with ARM_TENANT_ID'; Connect = "Connect-GenieWorkspace -Host '{0}' -PassThru"; Variables = @{ DATABRICKS_AUTH_TYPE = 'azure-cli'; ARM_TENANT_ID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }; Arguments = '--tenant aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' }
    ) {
        # No Azure CLI here: this script answers 'az account get-access-token' with what the real one prints, and logs its arguments.
        $bin = Join-Path $TempDir ("az-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $bin | Out-Null
        $log = Join-Path $bin 'calls.log'
        $expires = [DateTimeOffset]::UtcNow.AddHours(1)
        $json = @{ accessToken = $CliToken; expiresOn = $expires.LocalDateTime.ToString('yyyy-MM-dd HH:mm:ss.ffffff'); expires_on = $expires.ToUnixTimeSeconds(); subscription = '00000000-0000-0000-0000-000000000001'; tenant = $Tenant; tokenType = 'Bearer' } | ConvertTo-Json -Compress
        Set-Content -Path (Join-Path $bin 'az') -Value "#!/bin/sh`necho `"`$*`" >> '$log'`ncat <<'EOF'`n$json`nEOF`n"
        & chmod +x (Join-Path $bin 'az')
        $variables = $Variables.Clone()
        $variables.PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH"
        $output = Invoke-Connected ("`$c = $($Connect -f $Url); '{0}|{1}' -f `$c.AuthType, (Get-GenieSpace).SpaceId") $variables
        $output[-1] | Should -Be 'AzureCli|auth-s1'
        Get-Content $log | Should -BeLike "*$Arguments*"
        Assert-NoSecret ($output -join "`n")
    }

    It 'reports a missing az login as GenieAuthenticationFailed' {
        $bin = Join-Path $TempDir ("az-" + [guid]::NewGuid())
        New-Item -ItemType Directory -Path $bin | Out-Null
        Set-Content -Path (Join-Path $bin 'az') -Value "#!/bin/sh`necho `"ERROR: Please run 'az login' to setup account.`" >&2`nexit 1`n"
        & chmod +x (Join-Path $bin 'az')
        $output = Invoke-Connected "try { Connect-GenieWorkspace -Host '$Url' -AuthType azure-cli } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }" @{ PATH = "$bin$([IO.Path]::PathSeparator)$env:PATH" }
        $output[-2] | Should -BeLike 'GenieAuthenticationFailed,*'
        $output[-1] | Should -BeLike "*az login*"
    }

    It 'connects with -Identity through IMDS in a fresh pwsh (system and user-assigned)' {
        $script = "Import-Module '$ModulePath'; " +
            "`$a = Connect-GenieWorkspace -Host '$Url' -Identity -PassThru -ErrorAction Stop; " +
            "`$b = Connect-GenieWorkspace -Host '$Url' -Identity -ClientId '$UserIdentity' -PassThru -ErrorAction Stop; " +
            "'{0}|{1}|{2}|{3}' -f `$a.AuthType, `$a.CredentialSource, `$a.ClientId, `$b.ClientId"
        $before = Get-IssuedCount
        $result = Invoke-FreshPwsh -Script $script -Environment @{ AZURE_POD_IDENTITY_AUTHORITY_HOST = $Url }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output[-1] | Should -Be "ManagedIdentity|Parameters||$UserIdentity"
        (Get-IssuedCount) | Should -Be ($before + 2)
        @((Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET) | Where-Object path -EQ '/metadata/identity/oauth2/token').Count | Should -BeGreaterOrEqual 2
    }

    It 'connects with -Identity through the Azure Automation endpoint in a fresh pwsh' {
        $script = "Import-Module '$ModulePath'; `$c = Connect-GenieWorkspace -Host '$Url' -Identity -PassThru -ErrorAction Stop; `$c.AuthType"
        $before = @((Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET) | Where-Object path -EQ '/msi/token').Count
        $result = Invoke-FreshPwsh -Script $script -Environment @{ IDENTITY_ENDPOINT = "$Url/msi/token"; IDENTITY_HEADER = $IdentityHeader }
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output[-1] | Should -Be 'ManagedIdentity'
        @((Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET) | Where-Object path -EQ '/msi/token').Count | Should -Be ($before + 1)
    }

    It 'connects with -Profile and -ConfigFile' {
        $file = New-ConfigFile "[DEFAULT]`nhost = https://unused.cloud.databricks.com`ntoken = other`n`n[ci]`nhost = $Url`nclient_id = $OAuthId`nclient_secret = $OAuthSecret`n"
        $context = Connect-GenieWorkspace -Profile ci -ConfigFile $file -PassThru
        $context.AuthType | Should -Be 'OAuthM2M'
        $context.CredentialSource | Should -Be 'Profile:ci'
        $context.Host | Should -Be ([uri]"$Url/")
    }

    It 'connects from environment variables when no credential parameter is given' {
        $env:DATABRICKS_HOST = $Url
        $env:DATABRICKS_CLIENT_ID = $OAuthId
        $env:DATABRICKS_CLIENT_SECRET = $OAuthSecret
        $context = Connect-GenieWorkspace -PassThru
        $context.AuthType | Should -Be 'OAuthM2M'
        $context.CredentialSource | Should -Be 'Environment'
    }

    It 'falls back to the config file default_profile when the environment has no credential' {
        $env:DATABRICKS_CONFIG_FILE = New-ConfigFile "[__settings__]`ndefault_profile = pat`n`n[pat]`nhost = $Url`ntoken = $Pat`n"
        try {
            $context = Connect-GenieWorkspace -PassThru
            $context.AuthType | Should -Be 'Pat'
            $context.CredentialSource | Should -Be 'Profile:pat'
        }
        finally { $env:DATABRICKS_CONFIG_FILE = Join-Path $TempDir 'absent.databrickscfg' }
    }
}

Describe 'Secrets stay secret' {
    It 'never shows a secret or token in Verbose, Debug, Format-List or JSON output (<Name>)' -ForEach @(
        @{ Name = 'OAuth M2M'; Connect = { Connect-GenieWorkspace -Host $Url -Credential $OAuthCredential -Verbose -Debug -PassThru } }
        @{ Name = 'PAT'; Connect = { Connect-GenieWorkspace -Host $Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force) -Verbose -Debug -PassThru } }
    ) {
        $DebugPreference = 'Continue'
        $streams = & $Connect *>&1 | Out-String
        $streams | Should -Match 'Connecting to .+ from Parameters'
        Assert-NoSecret $streams
        Assert-NoSecret (Get-GenieContext | Format-List * | Out-String)
        Assert-NoSecret (Get-GenieContext | Format-Table | Out-String)
        Assert-NoSecret (Get-GenieContext | ConvertTo-Json -Depth 5)
    }

    It 'never shows an Entra secret or token in Verbose, Debug, Format-List or JSON output (fresh pwsh over TLS)' {
        $output = Invoke-Connected ($EntraLine + "`$DebugPreference = 'Continue'; Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -Credential `$sp -Verbose -Debug -PassThru *>&1 | Out-String; " +
            "Get-GenieContext | Format-List * | Out-String; Get-GenieContext | ConvertTo-Json -Depth 5")
        ($output -join "`n") | Should -Match 'Connecting to .+ from Parameters'
        Assert-NoSecret ($output -join "`n")
    }

    It 'names the Entra application but not the secret when the secret is wrong' {
        $output = Invoke-Connected ("`$bad = [pscredential]::new('$EntraId', (ConvertTo-SecureString 'entra~wrong~secret~77' -AsPlainText -Force)); " +
            "try { Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -Credential `$bad -Verbose -Debug 4>`$null 5>`$null } catch { `$_.FullyQualifiedErrorId; `$_ | Format-List * -Force | Out-String }")
        $output[0] | Should -BeLike 'GenieAuthenticationFailed,*'
        $text = $output -join "`n"
        $text | Should -BeLike "*AADSTS7000215*"
        $text | Should -BeLike "*$EntraId*"
        $text | Should -Not -BeLike '*entra~wrong~secret~77*'
    }

    It 'names the client but not the secret when the secret is wrong' {
        $bad = [pscredential]::new($OAuthId, (ConvertTo-SecureString 'dose-wrong-secret-777' -AsPlainText -Force))
        $record = $null
        try { Connect-GenieWorkspace -Host $Url -Credential $bad -Verbose -Debug 4>$null 5>$null } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike 'GenieAuthenticationFailed,*'
        $record.CategoryInfo.Category | Should -Be 'AuthenticationError'
        $record.Exception.Message | Should -BeLike "*$OAuthId*"
        $record.Exception.Message | Should -BeLike '*Check the client id and secret*'
        ($record | Format-List * -Force | Out-String) | Should -Not -BeLike '*dose-wrong-secret-777*'
    }
}

Describe 'Bad input' {
    It 'gives <Id> for <Case>' -ForEach @(
        @{ Case = 'a malformed host'; Id = 'GenieHostInvalid'; Call = { Connect-GenieWorkspace -Host 'https://adb 1.net' -AccessToken (ConvertTo-SecureString 'x' -AsPlainText -Force) } }
        @{ Case = 'a host with a path'; Id = 'GenieHostInvalid'; Call = { Connect-GenieWorkspace -Host 'https://adb-1.azuredatabricks.net/?o=1' -AccessToken (ConvertTo-SecureString 'x' -AsPlainText -Force) } }
        @{ Case = 'plain http to a remote host'; Id = 'GenieInsecureHost'; Call = { Connect-GenieWorkspace -Host 'http://adb-1.azuredatabricks.net' -Credential $OAuthCredential } }
        @{ Case = 'an unknown profile'; Id = 'GenieProfileNotFound'; Call = { Connect-GenieWorkspace -Profile nope -ConfigFile (New-ConfigFile "[DEFAULT]`nhost = $Url`ntoken = x`n") } }
        @{ Case = 'a missing config file'; Id = 'GenieConfigFileNotFound'; Call = { Connect-GenieWorkspace -Profile p -ConfigFile (Join-Path $TempDir 'missing.cfg') } }
        @{ Case = 'an empty client secret'; Id = 'GenieCredentialIncomplete'; Call = { Connect-GenieWorkspace -Host $Url -Credential ([pscredential]::new($OAuthId, [securestring]::new())) } }
        @{ Case = 'an empty host'; Id = 'ParameterArgumentValidationError'; Call = { Connect-GenieWorkspace -Host '' -Identity } }
        @{ Case = 'no credential anywhere'; Id = 'GenieCredentialNotFound'; Call = { Connect-GenieWorkspace -Host $Url } }
        @{ Case = 'a credential without a host'; Id = 'GenieHostMissing'; Call = { Connect-GenieWorkspace -Credential $OAuthCredential } }
        @{ Case = 'a Databricks SDK auth type the module lacks'; Id = 'GenieAuthTypeNotSupported'; Call = { $env:DATABRICKS_AUTH_TYPE = 'github-oidc'; try { Connect-GenieWorkspace -Host $Url } finally { $env:DATABRICKS_AUTH_TYPE = $null } } }
        @{ Case = 'a forced auth type without its inputs'; Id = 'GenieCredentialIncomplete'; Call = { $env:DATABRICKS_TOKEN = $Pat; try { Connect-GenieWorkspace -Host $Url -AuthType azure-client-secret } finally { $env:DATABRICKS_TOKEN = $null } } }
        @{ Case = 'an -AuthType not in the set'; Id = 'ParameterArgumentValidationError'; Call = { Connect-GenieWorkspace -Host $Url -AuthType github-oidc } }
        @{ Case = 'a missing certificate file'; Id = 'GenieCertificateNotFound'; Call = { Connect-GenieWorkspace -Host $Url -TenantId $Tenant -ClientId $EntraId -CertificatePath (Join-Path $TempDir 'missing.pfx') } }
        @{ Case = 'a wrong certificate password'; Id = 'GenieCertificateInvalid'; Call = { Connect-GenieWorkspace -Host $Url -TenantId $Tenant -ClientId $EntraId -CertificatePath $LockedPfx -CertificatePassword (ConvertTo-SecureString 'wrong' -AsPlainText -Force) } }
        @{ Case = 'an http Entra authority'; Id = 'GenieHostInvalid'; Call = { $env:AZURE_AUTHORITY_HOST = $Url; try { Connect-GenieWorkspace -Host $Url -TenantId $Tenant -Credential $EntraCredential } finally { $env:AZURE_AUTHORITY_HOST = $null } } }
    ) {
        $record = $null
        try { & $Call } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $record.Exception.Message | Should -Not -BeNullOrEmpty
    }

    It 'refuses -TenantId without a credential or certificate (non-interactive: an error)' {
        $result = Invoke-FreshPwsh -Script "Import-Module '$ModulePath'; try { Connect-GenieWorkspace -Host '$Url' -TenantId t } catch { `$_.FullyQualifiedErrorId }"
        $result.Output[-1] | Should -BeLike 'AmbiguousParameterSet,*'
    }

    It 'fails within seconds with GenieAuthenticationFailed when no managed identity endpoint answers' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
        $output = Invoke-Connected ("`$watch = [Diagnostics.Stopwatch]::StartNew(); try { Connect-GenieWorkspace -Host '$Url' -Identity } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }; " +
            "[int]`$watch.Elapsed.TotalSeconds") @{ AZURE_POD_IDENTITY_AUTHORITY_HOST = "http://127.0.0.1:$port" }
        $output[-3] | Should -BeLike 'GenieAuthenticationFailed,*'
        $output[-2] | Should -BeLike "*127.0.0.1:$port*could not be reached*"
        # A few quick retries (Azure.Core's, 0.5 s, 1 s, 2 s), not MSAL's minute-long IMDS back-off for a busy endpoint.
        [int]$output[-1] | Should -BeLessThan 20
    }

    It 'leaves the previous connection in place when a connect fails' {
        $good = Connect-GenieWorkspace -Host $Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force) -PassThru
        { Connect-GenieWorkspace -Host 'http://example.com' -AccessToken (ConvertTo-SecureString 'x' -AsPlainText -Force) } | Should -Throw
        (Get-GenieContext).ConnectedAt | Should -Be $good.ConnectedAt
    }
}

Describe 'Tokens in use' {
    It 'serves API cmdlets with the token and replaces it once after the workspace revokes it (<Name>)' -ForEach @(
        @{ Name = 'OAuth M2M'; Connect = { Connect-GenieWorkspace -Host $Url -Credential $OAuthCredential } }
    ) {
        & $Connect
        $issued = Get-IssuedCount
        (Get-GenieSpace).SpaceId | Should -Contain 'auth-s1'
        (Get-GenieSpace).SpaceId | Should -Contain 'auth-s1'
        (Get-IssuedCount) | Should -Be $issued -Because 'the token fetched at connect time is reused'

        Invoke-EmulatorControl -Emulator $Emulator -Path tokens/revoke | Out-Null
        (Get-GenieSpace).SpaceId | Should -Contain 'auth-s1'
        (Get-IssuedCount) | Should -Be ($issued + 1) -Because 'one 401 costs one new token'
    }
}

Describe 'Entra tokens in use' {
    It 'serves API cmdlets with the token and replaces it once after the workspace revokes it (Entra, fresh pwsh over TLS)' {
        $issued = "(Invoke-RestMethod '$Url/_emulator/tokens').issued"
        $output = Invoke-Connected ($EntraLine + "Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -Credential `$sp; `$a = $issued; " +
            "`$null = Get-GenieSpace; `$null = Get-GenieSpace; `$b = $issued; " +
            "`$null = Invoke-RestMethod -Method Post '$Url/_emulator/tokens/revoke'; `$spaces = (Get-GenieSpace).SpaceId; `$c = $issued; " +
            "'{0}|{1}|{2}' -f (`$b - `$a), (`$c - `$b), (`$spaces -join ',')")
        $output[-1] | Should -Be '0|1|auth-s1' -Because 'the token fetched at connect time is reused, and one 401 costs one new token'
    }
}

Describe 'Isolation from another Azure.Identity in the session' {
    It 'works beside an older Azure.Identity loaded into the default load context first (as Az.Accounts does)' {
        $packages = @(
            "$(Get-RestoredPackagePath Microsoft.IdentityModel.Abstractions 6.35.0)/lib/net6.0/Microsoft.IdentityModel.Abstractions.dll"
            "$(Get-RestoredPackagePath Microsoft.Identity.Client 4.65.0)/lib/net6.0/Microsoft.Identity.Client.dll"
            "$(Get-RestoredPackagePath Microsoft.Identity.Client.Extensions.Msal 4.65.0)/lib/netstandard2.0/Microsoft.Identity.Client.Extensions.Msal.dll"
            "$(Get-RestoredPackagePath System.Memory.Data 1.0.2)/lib/netstandard2.0/System.Memory.Data.dll"
            "$(Get-RestoredPackagePath System.ClientModel 1.0.0)/lib/net6.0/System.ClientModel.dll"
            "$(Get-RestoredPackagePath Azure.Core 1.40.0)/lib/net6.0/Azure.Core.dll"
            "$(Get-RestoredPackagePath Azure.Identity 1.12.1)/lib/netstandard2.0/Azure.Identity.dll"
        )
        # Loaded before the module is imported, and used before and after it connects.
        $load = ($packages | ForEach-Object { "Add-Type -Path '$_'" }) -join '; '
        $script = "$load; `$old = [Azure.Identity.ClientSecretCredential]::new('$Tenant', '$EntraId', 'x'); " +
            "Import-Module '$ModulePath'; " + $EntraLine +
            "`$c = Connect-GenieWorkspace -Host '$Url' -TenantId '$Tenant' -Credential `$sp -PassThru; `$spaces = (Get-GenieSpace).SpaceId; " +
            "`$again = [Azure.Identity.ManagedIdentityCredential]::new(); " +
            "[AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -in 'Azure.Identity', 'Azure.Core', 'Microsoft.Identity.Client' } | " +
            "ForEach-Object { 'ASM {0}|{1}|{2}' -f `$_.GetName().Name, `$_.GetName().Version, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name }; " +
            "'RESULT {0}|{1}|{2}|{3}' -f `$c.AuthType, (`$spaces -join ','), `$old.GetType().Assembly.GetName().Version, `$again.GetType().Assembly.GetName().Version"
        $result = Invoke-FreshPwsh -Script "`$ErrorActionPreference = 'Stop'; $script" -Environment $Trust
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Where-Object { $_ -like 'RESULT *' } | Should -Be 'RESULT EntraServicePrincipal|auth-s1|1.12.1.0|1.12.1.0'
        $loaded = $result.Output | Where-Object { $_ -like 'ASM *' }
        $loaded | Should -Contain 'ASM Azure.Identity|1.12.1.0|Default'
        $loaded | Should -Contain 'ASM Azure.Identity|1.17.2.0|GenieObservability.Engine'
        $loaded | Should -Contain 'ASM Azure.Core|1.40.0.0|Default'
        $loaded | Should -Contain 'ASM Azure.Core|1.50.0.0|GenieObservability.Engine'
        $loaded | Should -Contain 'ASM Microsoft.Identity.Client|4.65.0.0|Default'
        $loaded | Should -Contain 'ASM Microsoft.Identity.Client|4.83.1.0|GenieObservability.Engine'
    }
}

Describe 'Per-runspace connection' {
    It 'is not visible from another runspace and is removed by Disconnect-GenieWorkspace' {
        Connect-GenieWorkspace -Host $Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
        $other = [powershell]::Create()
        try {
            $seen = $other.AddScript("Import-Module '$ModulePath'; @(Get-GenieContext).Count").Invoke()
            $other.HadErrors | Should -BeFalse
            $seen[-1] | Should -Be 0
        }
        finally { $other.Dispose() }
        Get-GenieContext | Should -Not -BeNullOrEmpty

        Disconnect-GenieWorkspace
        Get-GenieContext | Should -BeNullOrEmpty
    }
}
