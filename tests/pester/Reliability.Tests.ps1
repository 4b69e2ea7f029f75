# Workspace outages over scheduled runs, and the errors/warnings/streams convention under $ErrorActionPreference = 'Stop',
# against the published module, emulator processes over real HTTP and embedded DuckDB files in a temp folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $script:SavedHome = $env:GENIE_OBSERVABILITY_HOME
    $script:TestHome = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "genie-pester-reliability-$([guid]::NewGuid().ToString('N'))")).FullName
    $env:GENIE_OBSERVABILITY_HOME = $TestHome
    $script:ClientId = 'sp-reliability'
    $script:Secret = 'sp-reliability-secret'
    $script:Pat = 'dapi-pester-reliability-0001'
    $script:Spaces = '01ef0000000000000000000000rel001', '01ef0000000000000000000000rel002', '01ef0000000000000000000000rel003'

    function script:MessageId([int] $n) { '01f0{0:D28}' -f $n }
    function script:ConversationId([int] $n) { '01c0{0:D28}' -f [int][math]::Floor($n / 4) }
    function script:SpaceOf([int] $n) { $Spaces[$n % $Spaces.Count] }

    # An emulated workspace that knows the service principal and the PAT, the three spaces, and messages $Numbers.
    function script:Start-Workspace([int[]] $Numbers) {
        $emulator = Start-GenieEmulator
        Invoke-EmulatorControl -Emulator $emulator -Path seed -Body @{
            tokens  = @($Pat)
            clients = @{ $ClientId = $Secret }
            genie   = @{
                spaces   = @($Spaces | ForEach-Object { @{ space_id = $_; title = "Space $($_.Substring(29))"; warehouse_id = 'wh1'; serialized_space = '{"version":1,"data_sources":{"tables":[]}}' } })
                messages = @($Numbers | ForEach-Object {
                        @{
                            message_id = MessageId $_; space_id = SpaceOf $_; conversation_id = ConversationId $_; content = "Question $_"; status = 'COMPLETED'
                            user_id = 100 + $_ % 3; created_timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() - 1000 * $_; attachments = @()
                        } })
            }
        } | Out-Null
        $emulator
    }

    # An audit file (system.access.audit rows) naming messages $Numbers of workspace $WorkspaceId.
    function script:Add-AuditLines([string] $Path, [string] $WorkspaceId, [string] $Url, [int[]] $Numbers) {
        $now = [DateTimeOffset]::UtcNow
        $Numbers | ForEach-Object {
            $time = $now.AddSeconds(-30 * ($_ % 100) - 60)
            [ordered]@{
                workspace_id   = $WorkspaceId
                workspace_url  = $Url
                event_time     = $time.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
                event_date     = $time.ToString('yyyy-MM-dd')
                service_name   = 'aibiGenie'
                action_name    = 'getConversationMessage'
                event_id       = "evt-$WorkspaceId-$_"
                user_identity  = @{ email = "u$($_ % 3)@contoso.com" }
                request_params = @{ space_id = SpaceOf $_; conversation_id = ConversationId $_; message_id = MessageId $_ }
                response       = @{ status_code = 200 }
            } | ConvertTo-Json -Compress -Depth 4
        } | Add-Content -Path $Path
    }

    function script:Use-NewWarehouse {
        Connect-GenieWarehouse -Path (Join-Path $TestHome "$([guid]::NewGuid().ToString('N')).duckdb")
    }

    # One run of the runbook: the three-cmdlet pipeline under $ErrorActionPreference = 'Stop'.
    function script:Invoke-ScheduledRun {
        $ErrorActionPreference = 'Stop'
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $summary = Invoke-GeniePipelineRefresh -WarningAction SilentlyContinue | Get-GenieMessagesToFetch | Import-GenieMessageDetails -ThrottleLimit 8 -WarningVariable warnings -WarningAction SilentlyContinue
        [pscustomobject]@{ Summary = $summary; Warnings = @($warnings | ForEach-Object { "$_" }); Seconds = $clock.Elapsed.TotalSeconds }
    }

    function script:Get-Count([string] $Sql, [hashtable] $Parameters = @{}) { [long](Invoke-GenieSql $Sql $Parameters).n }
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    $env:GENIE_OBSERVABILITY_HOME = $SavedHome
    Remove-Item -Recurse -Force $TestHome -ErrorAction SilentlyContinue
}

Describe 'A workspace that fails for six scheduled runs, then comes back' {
    BeforeAll {
        $script:A = Start-Workspace (0..59)
        $script:B = Start-Workspace (1000..1199)
        $script:Audit = Join-Path $TestHome 'two-workspaces.json'
        Add-AuditLines $Audit '7001' $A.Url (0..59)
        Add-AuditLines $Audit '7002' $B.Url (1000..1199)
        # Each test connects anew: a token cached by an earlier test would hide a token endpoint that now refuses.
        function script:Connect-ServicePrincipal {
            Connect-GenieWorkspace -Host $A.Url -Credential ([pscredential]::new($ClientId, (ConvertTo-SecureString $Secret -AsPlainText -Force)))
        }
    }

    AfterAll {
        Stop-GenieEmulator -Emulator $A
        Stop-GenieEmulator -Emulator $B
    }

    It 'stores every message of the failed workspace once it is back, after <Kind>' -ForEach @(
        @{ Kind = 'every connection reset, its token endpoint included'; ErrorType = 'NO_TOKEN'; Fault = @{ kind = 'Reset'; pathPattern = '.*' } }
        @{ Kind = 'the token endpoint refusing the secret'; ErrorType = 'CREDENTIAL_REJECTED'; Fault = @{ method = 'POST'; pathPattern = '^/oidc/v1/token$'; kind = 'RawBody'; status = 401; contentType = 'application/json'; body = '{"error":"invalid_client","error_description":"Client authentication failed."}' } }
    ) {
        Connect-ServicePrincipal
        Use-NewWarehouse
        Import-GenieAuditLog -Path $Audit
        Invoke-EmulatorControl -Emulator $B -Path faults -Body $Fault | Out-Null
        try {
            foreach ($run in 1..6) {
                $result = Invoke-ScheduledRun
                $summary = $result.Summary
                $summary.Status | Should -Be 'SUCCEEDED'
                if ($run -eq 1) { $summary.Stored | Should -Be 60 -Because 'the other workspace is stored in full' }
                $summary.FailedByWorkspace.Count | Should -Be 1
                $summary.FailedByWorkspace[0].WorkspaceUrl | Should -Be $B.Url
                $summary.FailedByWorkspace[0].ErrorType | Should -Be $ErrorType
                $summary.FailedByWorkspace[0].Messages | Should -Be 200
                # One warning for the workspace, not one error per message.
                $result.Warnings.Count | Should -Be 1
                $result.Warnings[0] | Should -BeLike "$($B.Url)*$ErrorType*200 message(s) not fetched*"
                $result.Seconds | Should -BeLessThan 60 -Because "run $run must not wait on the failed workspace"
                Get-Count "SELECT count(*) AS n FROM genie_analytics.message_fetch_errors WHERE workspace_id = '7002' AND error_type = :t AND retry_count = 0 AND NOT resolved" @{ t = $ErrorType } | Should -Be 200
            }
        }
        finally {
            Invoke-EmulatorControl -Emulator $B -Path faults -Method DELETE | Out-Null
        }

        $back = (Invoke-ScheduledRun).Summary
        $back.Status | Should -Be 'SUCCEEDED'
        $back.Stored | Should -Be 200
        $back.Resolved | Should -Be 200
        $back.FailedByWorkspace.Count | Should -Be 0
        Get-Count "SELECT count(*) AS n FROM genie_analytics.message_details WHERE workspace_id = '7002'" | Should -Be 200
        Get-Count "SELECT count(DISTINCT message_id) AS n FROM genie_analytics.message_details" | Should -Be 260
        (Invoke-ScheduledRun).Summary.Received | Should -Be 0
    }

    It 'makes a message that keeps failing by itself, while its workspace answers the others, permanent after the retry budget' {
        Connect-ServicePrincipal
        Use-NewWarehouse
        $single = Join-Path $TestHome 'one-workspace.json'
        Add-AuditLines $single '7001' $A.Url (0..59)
        Import-GenieAuditLog -Path $single
        # Its own 500 every time (Retry-After 0 keeps the client's retries of it short).
        Invoke-EmulatorControl -Emulator $A -Path faults -Body @{ method = 'GET'; pathPattern = "/messages/$(MessageId 7)$"; status = 500; errorCode = 'INTERNAL_ERROR'; retryAfterSeconds = 0 } | Out-Null
        try {
            foreach ($run in 1..5) {
                $result = Invoke-ScheduledRun
                $result.Summary.Received | Should -Be ($run -eq 1 ? 60 : 1)
                $result.Summary.FailedByType['SERVER_ERROR'] | Should -Be 1
                $result.Summary.FailedByWorkspace.Count | Should -Be 0
                $result.Warnings | Should -Be '1 message(s) could not be fetched (1 SERVER_ERROR): 1 to be retried by later runs. One row each in genie_analytics.message_fetch_errors; -Verbose lists them.'
            }

            $row = Invoke-GenieSql 'SELECT error_type, http_status, retry_count, resolved FROM genie_analytics.message_fetch_errors WHERE message_id = :m' @{ m = MessageId 7 }
            $row.error_type | Should -Be 'SERVER_ERROR'
            $row.http_status | Should -Be 500
            $row.retry_count | Should -Be 5
            $row.resolved | Should -BeFalse
            (Invoke-ScheduledRun).Summary.Received | Should -Be 0
        }
        finally {
            Invoke-EmulatorControl -Emulator $A -Path faults -Method DELETE | Out-Null
        }
    }
}

Describe 'Errors, warnings and streams: a runbook with $ErrorActionPreference = Stop runs to the end' {
    BeforeAll {
        # Messages 0..99 exist; the audit log also names 100..119, deleted since (the API answers 404).
        $script:D = Start-Workspace (0..99)
        $script:Down = Start-Workspace (500..539)
        Invoke-EmulatorControl -Emulator $Down -Path faults -Body @{ kind = 'Reset'; pathPattern = '.*' } | Out-Null
        $script:Audit = Join-Path $TestHome 'deleted.json'
        Add-AuditLines $Audit '8001' $D.Url (0..119)
        Connect-GenieWorkspace -Host $D.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
    }

    AfterAll {
        Stop-GenieEmulator -Emulator $D
        Stop-GenieEmulator -Emulator $Down
    }

    It 'Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch | Import-GenieMessageDetails stores every existing message and reports the deleted ones as data' {
        Use-NewWarehouse
        Import-GenieAuditLog -Path $Audit
        $ErrorActionPreference = 'Stop'
        $summary = Invoke-GeniePipelineRefresh -ErrorVariable e1 | Get-GenieMessagesToFetch -ErrorVariable e2 | Import-GenieMessageDetails -ThrottleLimit 8 -ErrorVariable e3 -WarningVariable warnings -WarningAction SilentlyContinue

        $summary.Status | Should -Be 'SUCCEEDED'
        $summary.Received | Should -Be 120
        $summary.Stored | Should -Be 100
        $summary.FailedByType['NOT_FOUND'] | Should -Be 20
        @($e1) + @($e2) + @($e3) | Should -BeNullOrEmpty
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike '20 message(s) could not be fetched (20 NOT_FOUND): 20 permanent*'
        Get-Count 'SELECT count(*) AS n FROM genie_analytics.message_details' | Should -Be 100
        Get-Count "SELECT count(*) AS n FROM genie_analytics.message_fetch_errors WHERE error_type = 'NOT_FOUND'" | Should -Be 20
        # Permanent: the next run offers nothing.
        @(Get-GenieMessagesToFetch).Count | Should -Be 0
    }

    It 'Import-GenieMessageDetails does not fail as a whole when the only workspace of its input is down but the connected one answers' {
        Use-NewWarehouse
        $ErrorActionPreference = 'Stop'
        $summary = [pscustomobject]@{ WorkspaceId = '8002'; WorkspaceUrl = $Down.Url; SpaceId = $Spaces[0]; ConversationId = ConversationId 500; MessageId = MessageId 500 } |
            Import-GenieMessageDetails -WarningAction SilentlyContinue
        $summary.Status | Should -Be 'SUCCEEDED'
        $summary.FailedByWorkspace.Count | Should -Be 1
        $summary.FailedByWorkspace[0].WorkspaceUrl | Should -Be $Down.Url
    }

    It 'Invoke-GenieObservabilityJob completes with deleted messages and a workspace that is down' {
        Use-NewWarehouse
        $withDown = Join-Path $TestHome 'with-down.json'
        Copy-Item $Audit $withDown
        Add-AuditLines $withDown '8002' $Down.Url (500..539)
        Import-GenieAuditLog -Path $withDown
        $ErrorActionPreference = 'Stop'
        $job = Invoke-GenieObservabilityJob -WarningVariable warnings -WarningAction SilentlyContinue

        $job.Status | Should -Be 'SUCCEEDED'
        $job.Ingestion.Stored | Should -Be 100
        $job.Ingestion.FailedByType['NOT_FOUND'] | Should -Be 20
        $job.FailedByWorkspace.Count | Should -Be 1
        $job.FailedByWorkspace[0].ErrorType | Should -Be 'WORKSPACE_UNREACHABLE'
        $job.FailedByWorkspace[0].Messages | Should -Be 40
        @($warnings | Where-Object { "$_" -like "$($Down.Url)*WORKSPACE_UNREACHABLE*40 message(s)*" }).Count | Should -Be 1
        $details = (Invoke-GenieSql "SELECT details_json FROM genie_analytics.genie_ingestion_runs WHERE run_id = :r" @{ r = $job.RunId }).details_json | ConvertFrom-Json
        $details.failed_by_workspace[0].error_type | Should -Be 'WORKSPACE_UNREACHABLE'
        $details.failed_by_workspace[0].messages | Should -Be 40
    }

    It 'Sync-GenieSpaceDetails and Export-GenieSpaceBackup run to the end past a forbidden and a failing space, with one warning each' {
        Use-NewWarehouse
        Import-GenieAuditLog -Path $Audit
        Invoke-GeniePipelineRefresh | Out-Null
        Invoke-EmulatorControl -Emulator $D -Path faults -Body @{ method = 'GET'; pathPattern = "/spaces/$($Spaces[1])$"; status = 403; errorCode = 'PERMISSION_DENIED' } | Out-Null
        Invoke-EmulatorControl -Emulator $D -Path faults -Body @{ method = 'GET'; pathPattern = "/spaces/$($Spaces[2])$"; status = 500; errorCode = 'INTERNAL_ERROR'; retryAfterSeconds = 0 } | Out-Null
        try {
            $ErrorActionPreference = 'Stop'
            $backups = Join-Path $TestHome "backups-$([guid]::NewGuid().ToString('N'))"
            $details = @(Sync-GenieSpaceDetails -WarningVariable syncWarnings -WarningAction SilentlyContinue)
            $results = @($details | Export-GenieSpaceBackup -Path $backups -PassThru -WarningVariable exportWarnings -WarningAction SilentlyContinue)
        }
        finally {
            Invoke-EmulatorControl -Emulator $D -Path faults -Method DELETE | Out-Null
        }

        ($details | Sort-Object SpaceId).FetchStatus | Should -Be 'OK', 'FORBIDDEN', 'FAILED'
        @($syncWarnings).Count | Should -Be 1
        "$($syncWarnings[0])" | Should -BeLike '2 of 3 space(s) not fetched (0 empty, 1 forbidden, 0 not found (marked deleted), 1 failed)*'
        $results.Count | Should -Be 3
        @($results | Where-Object SkippedReason).Count | Should -Be 2
        @(Get-ChildItem $backups -Filter *.json).Count | Should -Be 1
        @($exportWarnings).Count | Should -Be 1
        "$($exportWarnings[0])" | Should -BeLike '2 space(s) not written; their last good backup*'
    }

    It 'Import-GenieAuditLog skips malformed lines as data, with one warning, and imports the rest' {
        Use-NewWarehouse
        $mixed = Join-Path $TestHome 'mixed.json'
        Add-AuditLines $mixed '8001' $D.Url (0..4)
        Add-Content -Path $mixed -Value '{"service_name": "aibiGenie", "action_name": ', 'not json at all'
        Add-AuditLines $mixed '8001' $D.Url (5..9)
        $ErrorActionPreference = 'Stop'
        $result = Import-GenieAuditLog -Path $mixed -PassThru -WarningVariable warnings -WarningAction SilentlyContinue

        $result.RowsImported | Should -Be 10
        $result.MalformedLines | Should -Be 2
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike "2 of 12 lines were not audit records and were skipped: *mixed.json:6 (*mixed.json:7 (*"
    }

    It 'still terminates when a step fails as a whole: <Case>' -ForEach @(
        @{ Case = 'no workspace can be reached, the connected one included'; ErrorId = 'NoWorkspaceReachable'; Category = 'ConnectionError'; Script = {
                Connect-GenieWorkspace -Host $Down.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
                [pscustomobject]@{ WorkspaceId = '8002'; WorkspaceUrl = $Down.Url; SpaceId = $Spaces[0]; ConversationId = ConversationId 500; MessageId = MessageId 500 } |
                    Import-GenieMessageDetails -WarningAction SilentlyContinue
            }
        }
        @{ Case = 'invalid parameters'; ErrorId = 'InvalidMaxRetryAge'; Category = 'InvalidArgument'; Script = { Get-GenieMessagesToFetch -MaxRetryAge 0 } }
        @{ Case = 'input that is not an audit log'; ErrorId = 'NoAuditRecords'; Category = 'InvalidData'; Script = {
                $garbage = Join-Path $TestHome 'garbage.json'
                Set-Content -Path $garbage -Value 'this is not', 'an audit log'
                Import-GenieAuditLog -Path $garbage
            }
        }
    ) {
        Use-NewWarehouse
        $ErrorActionPreference = 'Stop'
        $record = $null
        try { & $Script | Out-Null } catch { $record = $_ }
        finally { Connect-GenieWorkspace -Host $D.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force) }
        $record | Should -Not -BeNullOrEmpty
        $record.FullyQualifiedErrorId | Should -BeLike "$ErrorId,*"
        "$($record.CategoryInfo.Category)" | Should -Be $Category
        if ($ErrorId -eq 'NoWorkspaceReachable') {
            # The message is still recorded as the workspace's failure: retryable, no retry spent.
            Get-Count "SELECT count(*) AS n FROM genie_analytics.message_fetch_errors WHERE error_type = 'WORKSPACE_UNREACHABLE' AND retry_count = 0" | Should -Be 1
        }
    }
}
