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
    $script:Secrets = @($Pat, "$($OAuthId):$OAuthSecret", $OAuthSecret, $EntraSecret, $IdentityHeader)

    $script:Emulator = Start-GenieEmulator
    $script:Url = $Emulator.Url
    Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
        tokens  = @($Pat)
        clients = @{ $OAuthId = $OAuthSecret }
        genie   = @{ spaces = @(@{ space_id = 'auth-s1'; title = 'Auth check' }) }
        azure   = @{
            apps            = @(@{ tenant = $Tenant; clientId = $EntraId; clientSecret = $EntraSecret })
            systemIdentity  = $SystemIdentity
            userIdentities  = @($UserIdentity)
            identityHeader  = $IdentityHeader
        }
    } | Out-Null

    # Nothing here may read the real ~/.databrickscfg or inherit credentials from the machine.
    $script:Variables = 'DATABRICKS_HOST', 'DATABRICKS_TOKEN', 'DATABRICKS_CLIENT_ID', 'DATABRICKS_CLIENT_SECRET', 'DATABRICKS_CONFIG_PROFILE',
        'DATABRICKS_CONFIG_FILE', 'ARM_TENANT_ID', 'ARM_CLIENT_ID', 'ARM_CLIENT_SECRET', 'ARM_USE_MSI', 'AZURE_AUTHORITY_HOST',
        'AZURE_POD_IDENTITY_AUTHORITY_HOST', 'IDENTITY_ENDPOINT', 'IDENTITY_HEADER'
    $script:SavedEnvironment = @{}
    foreach ($name in $Variables) { $SavedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $null) }
    $script:TempDir = Join-Path ([IO.Path]::GetTempPath()) ("genie-connect-" + [guid]::NewGuid())
    New-Item -ItemType Directory -Path $TempDir | Out-Null
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
    $script:OAuthCredential = [pscredential]::new($OAuthId, (ConvertTo-SecureString $OAuthSecret -AsPlainText -Force))
    $script:EntraCredential = [pscredential]::new($EntraId, (ConvertTo-SecureString $EntraSecret -AsPlainText -Force))
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
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

    It 'connects with -TenantId and -Credential (Entra service principal) through AZURE_AUTHORITY_HOST' {
        $env:AZURE_AUTHORITY_HOST = $Url
        $before = Get-IssuedCount
        $context = Connect-GenieWorkspace -Workspace $Url -TenantId $Tenant -Credential $EntraCredential -PassThru
        $context.AuthType | Should -Be 'EntraServicePrincipal'
        $context.TenantId | Should -Be $Tenant
        $context.ClientId | Should -Be $EntraId
        (Get-IssuedCount) | Should -Be ($before + 1)
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
        @{ Name = 'Entra'; Connect = { $env:AZURE_AUTHORITY_HOST = $Url; try { Connect-GenieWorkspace -Host $Url -TenantId $Tenant -Credential $EntraCredential -Verbose -Debug -PassThru } finally { $env:AZURE_AUTHORITY_HOST = $null } } }
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
    ) {
        $record = $null
        try { & $Call } catch { $record = $_ }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike "$Id,*"
        $record.Exception.Message | Should -Not -BeNullOrEmpty
    }

    It 'asks for the missing -Credential when only -TenantId is given (non-interactive: an error)' {
        $result = Invoke-FreshPwsh -Script "Import-Module '$ModulePath'; try { Connect-GenieWorkspace -Host '$Url' -TenantId t } catch { `$_.FullyQualifiedErrorId }"
        $result.Output[-1] | Should -BeLike 'MissingMandatoryParameter,*'
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
        @{ Name = 'Entra'; Connect = { $env:AZURE_AUTHORITY_HOST = $Url; try { Connect-GenieWorkspace -Host $Url -TenantId $Tenant -Credential $EntraCredential } finally { $env:AZURE_AUTHORITY_HOST = $null } } }
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
