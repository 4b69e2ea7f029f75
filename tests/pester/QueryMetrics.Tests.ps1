# Sync-GenieQueryMetric, the job's query-metrics step and Get-GenieMessagesToFetch -Source Api (reconciliation) against
# the published module, a real emulator process and an embedded DuckDB file in a temp folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../data/demo/DemoData.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    Import-Module $ModulePath -Force
    $script:Pat = 'dapi-pester-quality-0001'
    $script:SpaceId = '01ef00000000000000000000quality1'
    $script:WorkspaceId = '7777777777777777'
    $script:HistoryPath = '/api/2.0/sql/history/queries'

    function script:MessageId([int] $n) { '01f0{0:D28}' -f $n }
    function script:ConversationId([int] $n) { '01c0{0:D28}' -f [int][math]::Floor($n / 2) }

    function script:New-Message([int] $n) {
        @{
            message_id = MessageId $n; space_id = $SpaceId; conversation_id = ConversationId $n
            content = "Quality question $n"; status = 'COMPLETED'; user_id = 100 + $n
            created_timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() - 60000 * $n
            attachments = @(@{ attachment_id = "a$n"; query = @{ query = "SELECT $n AS n"; statement_id = "st-$n" } })
        }
    }

    function script:New-History([int] $n) {
        $start = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() - 3600000
        @{
            query_id = "st-$n"; status = 'FINISHED'; warehouse_id = 'wh-quality'; endpoint_id = 'wh-quality'; query_start_time_ms = $start
            execution_end_time_ms = $start + 100 * $n; rows_produced = $n
            metrics = @{ total_time_ms = 100 * $n; execution_time_ms = 90 * $n; rows_produced_count = $n; read_bytes = 1024 * $n }
        }
    }

    function script:New-ToFetch([int] $n, [string] $url) {
        [pscustomobject]@{ WorkspaceId = $WorkspaceId; WorkspaceUrl = $url; SpaceId = $SpaceId; ConversationId = ConversationId $n; MessageId = MessageId $n }
    }

    function script:New-TempHome {
        (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "genie-pester-quality-$([guid]::NewGuid().ToString('N'))")).FullName
    }

    function script:Get-HistoryRequests {
        @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET | Where-Object { $_.path -eq $HistoryPath })
    }
}

Describe 'Sync-GenieQueryMetric and the reconciliation with the Genie API' {
    BeforeAll {
        $script:Emulator = Start-GenieEmulator
        $script:HomeDir = New-TempHome
        $env:GENIE_OBSERVABILITY_HOME = $HomeDir
        Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
            tokens = @($Pat)
            genie  = @{
                spaces        = @(@{ space_id = $SpaceId; title = 'Quality space' })
                conversations = @(@{ space_id = $SpaceId; conversation_id = 'agent-conversation'; agent_type = 'GENIE_CONVERSATION_TYPE_AGENT'; created_timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() })
                messages      = @(0..7 | ForEach-Object { New-Message $_ })
            }
        } | Out-Null
        Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'genie.duckdb')
        # The audit path delivered messages 0-5 only.
        0..5 | ForEach-Object { New-ToFetch $_ $Emulator.Url } | Import-GenieMessageDetails | Out-Null
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Stop-GenieEmulator -Emulator $Emulator
        Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'sends nothing under -WhatIf' {
        $before = (Get-HistoryRequests).Count
        Sync-GenieQueryMetric -WhatIf | Should -BeNullOrEmpty
        (Get-HistoryRequests).Count | Should -Be $before
    }

    It 'stores the metrics of the statements in history in one request, retries the others on later runs and then gives up' {
        Invoke-EmulatorControl -Emulator $Emulator -Path sql/history -Body @(0..3 | ForEach-Object { New-History $_ }) | Out-Null

        $first = Sync-GenieQueryMetric
        $first | Should -BeOfType ([GenieObservability.GenieQueryMetricSyncSummary])
        ($first.Statements, $first.Found, $first.Pending, $first.NotAvailable, $first.ApiRequests) | Should -Be @(6, 4, 2, 0, 1)
        $row = Invoke-GenieSql 'SELECT availability, status, total_duration_ms, rows_produced, bytes_read, warehouse_id, message_id FROM genie_analytics.message_query_metrics WHERE statement_id = :s' @{ s = 'st-3' }
        ($row.availability, $row.status, $row.total_duration_ms, $row.rows_produced, $row.bytes_read, $row.warehouse_id, $row.message_id) | Should -Be @('FOUND', 'FINISHED', 300, 3, 3072, 'wh-quality', (MessageId 3))
        (Get-HistoryRequests)[-1].query | Should -Match 'include_metrics=true'

        # st-4 arrives late; st-5 never does.
        Invoke-EmulatorControl -Emulator $Emulator -Path sql/history -Body @(New-History 4) | Out-Null
        $second = Sync-GenieQueryMetric
        ($second.Statements, $second.Found, $second.Pending, $second.NotAvailable) | Should -Be @(2, 1, 1, 0)
        (Invoke-GenieSql "SELECT attempts FROM genie_analytics.message_query_metrics WHERE statement_id = 'st-5'").attempts | Should -Be 2

        Start-Sleep -Milliseconds 1200
        $third = Sync-GenieQueryMetric -MaxLookupAge (New-TimeSpan -Seconds 1) -ErrorAction Stop
        ($third.Statements, $third.NotAvailable) | Should -Be @(1, 1)
        (Invoke-GenieSql "SELECT availability FROM genie_analytics.message_query_metrics WHERE statement_id = 'st-5'").availability | Should -Be 'NOT_AVAILABLE'

        $requests = (Get-HistoryRequests).Count
        $fourth = Sync-GenieQueryMetric
        ($fourth.Statements, $fourth.ApiRequests) | Should -Be @(0, 0)
        (Get-HistoryRequests).Count | Should -Be $requests
    }

    It 'fails fast on a bad -MaxLookupAge' {
        { Sync-GenieQueryMetric -MaxLookupAge ([TimeSpan]::Zero) -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidMaxLookupAge*'
    }

    It 'offers the messages the audit path missed, imports them exactly once, and a second reconciliation offers nothing' {
        $offered = @(Get-GenieMessagesToFetch -Source Api -SpaceId $SpaceId -Since (Get-Date).AddDays(-1) -WarningVariable missed -WarningAction SilentlyContinue)
        ($offered.MessageId | Sort-Object) | Should -Be @((MessageId 6), (MessageId 7))
        $offered | ForEach-Object { $_.Reason | Should -Be 'Reconciliation' }
        ($missed -join "`n") | Should -Match '2 of 8 messages'
        ($missed -join "`n") | Should -Match '1 agent conversations skipped'

        $summary = $offered | Import-GenieMessageDetails
        $summary.Stored | Should -Be 2
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details WHERE message_id = :m' @{ m = MessageId 7 }).n | Should -Be 1
        (Invoke-GenieSql 'SELECT workspace_id FROM genie_analytics.message_details WHERE message_id = :m' @{ m = MessageId 7 }).workspace_id | Should -Be $WorkspaceId

        @(Get-GenieMessagesToFetch -Source Api -SpaceId $SpaceId -Since (Get-Date).AddDays(-1) -WarningAction SilentlyContinue) | Should -BeNullOrEmpty
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details').n | Should -Be 8
    }

    It 'asks for -SpaceId before any request when reconciling' {
        { Get-GenieMessagesToFetch -Source Api -ErrorAction Stop } | Should -Throw -ErrorId 'ReconciliationNeedsSpaceId*'
    }
}

Describe 'The query-metrics step of Invoke-GenieObservabilityJob' {
    BeforeAll {
        $script:Emulator = Start-GenieEmulator -SeedPath (Get-GenieDemoSeedPath)
        $script:HomeDir = New-TempHome
        $script:Seed = Get-Content -Raw (Get-GenieDemoSeedPath) | ConvertFrom-Json
        $script:AuditPath = New-GenieDemoAuditLog -WorkspaceUrl $Emulator.Url -Path (Join-Path $HomeDir 'audit.jsonl')
    }

    AfterAll {
        Stop-GenieEmulator -Emulator $Emulator
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'runs by default after the import and is left out with -SkipQueryMetrics' {
        $result = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $HomeDir } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$($Seed.tokens[0])' -AsPlainText -Force)
Import-GenieAuditLog -Path '$AuditPath' | Out-Null
`$skipped = Invoke-GenieObservabilityJob -SkipQueryMetrics
'SKIPPED {0} {1}' -f `$skipped.Status, (`$null -eq `$skipped.QueryMetrics)
`$job = Invoke-GenieObservabilityJob
'JOB {0} {1}' -f `$job.Status, (`$job.QueryMetrics.Statements -gt 0 -and `$job.QueryMetrics.Statements -eq `$job.QueryMetrics.Pending + `$job.QueryMetrics.Found)
'ROWS {0}' -f ((Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_query_metrics').n -eq `$job.QueryMetrics.Statements)
'DETAILS {0}' -f ((Invoke-GenieSql "SELECT details_json FROM genie_analytics.genie_ingestion_runs WHERE run_id = '`$(`$job.RunId)'").details_json -match '"query_metrics":\{"run_id"')
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'SKIPPED SUCCEEDED True'
        $result.Output | Should -Contain 'JOB SUCCEEDED True'
        $result.Output | Should -Contain 'ROWS True'
        $result.Output | Should -Contain 'DETAILS True'
    }
}
