# Import-GenieMessageDetails and Invoke-GenieObservabilityJob against the published module, a real emulator process
# and an embedded DuckDB file in a temp folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../data/demo/DemoData.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    Import-Module $ModulePath -Force
    $script:Pat = 'dapi-pester-ingestion-0001'
    $script:SpaceId = '01ef00000000000000000000pester01'
    $script:WorkspaceId = '5555555555555555'

    function script:New-Message([int] $n, [string] $status = 'COMPLETED') {
        @{
            message_id = '01f0{0:D28}' -f $n; space_id = $SpaceId; conversation_id = '01c0{0:D28}' -f [int]($n / 4)
            content = "Pester question $n"; status = $status; user_id = 100 + $n % 3
            created_timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds() - 1000 * $n
            attachments = @(@{ attachment_id = "a$n"; query = @{ query = "SELECT $n AS n"; description = "Query $n"; statement_id = "st-$n" } })
        }
    }

    function script:New-ToFetch([int] $n, [string] $url) {
        [pscustomobject]@{
            WorkspaceId = $WorkspaceId; WorkspaceUrl = $url; WorkspaceName = 'Pester'; SpaceId = $SpaceId
            ConversationId = '01c0{0:D28}' -f [int]($n / 4); MessageId = '01f0{0:D28}' -f $n; UserEmail = "u$($n % 3)@contoso.com"
        }
    }

    function script:New-TempHome {
        (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "genie-pester-ingest-$([guid]::NewGuid().ToString('N'))")).FullName
    }
}

Describe 'Import-GenieMessageDetails' {
    BeforeAll {
        $script:Emulator = Start-GenieEmulator
        $script:HomeDir = New-TempHome
        $script:Database = Join-Path $HomeDir 'genie.duckdb'
        $env:GENIE_OBSERVABILITY_HOME = $HomeDir
        Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
            tokens = @($Pat)
            genie  = @{ spaces = @(@{ space_id = $SpaceId; title = 'Pester space' }); messages = @(0..299 | ForEach-Object { New-Message $_ }) }
        } | Out-Null
        Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
        Connect-GenieWarehouse -Path $Database
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Stop-GenieEmulator -Emulator $Emulator
        Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'stores piped objects by property name, counts a missing message in the summary and one warning, not an error, and ends with one summary' {
        $items = @(0..9 | ForEach-Object { New-ToFetch $_ $Emulator.Url }) + (New-ToFetch 9999 $Emulator.Url)
        $output = @($items | Import-GenieMessageDetails -PassThru -ErrorVariable fetchErrors -WarningVariable warnings -WarningAction SilentlyContinue)

        $summary = $output[-1]
        $summary | Should -BeOfType ([GenieObservability.MessageIngestionSummary])
        @($output | Where-Object { $_ -is [GenieObservability.MessageIngestionSummary] }).Count | Should -Be 1
        $summary.Stored | Should -Be 10
        $summary.FailedByType['NOT_FOUND'] | Should -Be 1
        $summary.FailedByWorkspace.Count | Should -Be 0
        @($output | Where-Object { $_ -is [GenieObservability.GenieStoredMessage] }).Count | Should -Be 10
        $fetchErrors.Count | Should -Be 0
        $warnings.Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike '1 message(s) could not be fetched (1 NOT_FOUND)*'

        $row = Invoke-GenieSql 'SELECT space_name, query_sql, user_email, workspace_name FROM genie_analytics.message_details WHERE message_id = :id' @{ id = '01f0{0:D28}' -f 3 }
        $row.space_name | Should -Be 'Pester space'
        $row.query_sql | Should -Be 'SELECT 3 AS n'
        $row.user_email | Should -Be 'u0@contoso.com'
        (Invoke-GenieSql "SELECT error_type, retry_count FROM genie_analytics.message_fetch_errors").error_type | Should -Be 'NOT_FOUND'
    }

    It 'takes GenieMessageToFetch objects through -InputObject and writes nothing under -WhatIf' {
        $item = [GenieObservability.GenieMessageToFetch]@{ WorkspaceId = $WorkspaceId; WorkspaceUrl = $Emulator.Url; SpaceId = $SpaceId; ConversationId = '01c0{0:D28}' -f 5; MessageId = '01f0{0:D28}' -f 20 }
        $before = (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details').n
        $whatIf = Import-GenieMessageDetails -InputObject $item -WhatIf
        $whatIf.Stored | Should -Be 0
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details').n | Should -Be $before

        (Import-GenieMessageDetails -InputObject $item).Stored | Should -Be 1
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details').n | Should -Be ($before + 1)
    }

    It 'writes what the run stores while input is still arriving, each once and in order before the one summary' {
        # Slow input: the run stores messages while the pipeline thread waits upstream; they are written at the next record.
        $ids = 40..59
        $lastInput = $null
        $arrivals = [System.Collections.Generic.List[object]]::new()
        $ids | ForEach-Object { Start-Sleep -Milliseconds 200; $lastInput = [DateTime]::UtcNow; New-ToFetch $_ $Emulator.Url } |
            Import-GenieMessageDetails -PassThru -BatchSize 1 -ThrottleLimit 2 |
            ForEach-Object { $arrivals.Add([pscustomobject]@{ Output = $_; At = [DateTime]::UtcNow }) }

        $arrivals[-1].Output | Should -BeOfType ([GenieObservability.MessageIngestionSummary])
        @($arrivals | Where-Object { $_.Output -is [GenieObservability.MessageIngestionSummary] }).Count | Should -Be 1
        $stored = @($arrivals | Where-Object { $_.Output -is [GenieObservability.GenieStoredMessage] })
        @($stored.Output.MessageId | Sort-Object -Unique).Count | Should -Be $ids.Count
        $stored.Count | Should -Be $ids.Count
        $stored[0].At | Should -BeLessThan $lastInput -Because 'a stored message is written while input still arrives, not only at the end'
    }

    It 'skips a workspace URL that would send the token over plain http to another host, with a warning and a count' {
        $bad = New-ToFetch 1 'http://example.com'
        $result = @($bad | Import-GenieMessageDetails -ErrorVariable invalid -WarningVariable warnings -WarningAction SilentlyContinue)
        $invalid.Count | Should -Be 0
        $result[-1].Received | Should -Be 0
        $result[-1].Skipped | Should -Be 1
        "$($warnings[0])" | Should -BeLike '1 message(s) to fetch were skipped: 1 because its workspace URL is not https*http://example.com*'
    }

    It 'loses nothing when the importing process is killed mid-run: a re-run stores every message exactly once' {
        Invoke-EmulatorControl -Emulator $Emulator -Path settings -Body @{ apiLatencyMilliseconds = 40 } | Out-Null
        $killHome = New-TempHome
        $killDb = Join-Path $killHome 'genie.duckdb'
        $itemsPath = Join-Path $killHome 'items.json'
        0..299 | ForEach-Object { New-ToFetch $_ $Emulator.Url } | ConvertTo-Json | Set-Content $itemsPath
        $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$Pat' -AsPlainText -Force)
Connect-GenieWarehouse -Path '$killDb'
Get-Content -Raw '$itemsPath' | ConvertFrom-Json | Import-GenieMessageDetails -ThrottleLimit 4 -BatchSize 10 -PassThru |
    ForEach-Object { if (`$_.MessageId) { [Console]::Out.WriteLine('STORED ' + `$_.MessageId); [Console]::Out.Flush() } }
"@
        $pwsh = [System.Environment]::ProcessPath
        $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh)
        if ([IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $start.ArgumentList.Add((Join-Path $PSHOME 'pwsh.dll')) }
        foreach ($a in '-NoProfile', '-NonInteractive', '-Command', $script) { $start.ArgumentList.Add($a) }
        $start.RedirectStandardOutput = $true
        $start.UseShellExecute = $false
        $start.Environment['GENIE_OBSERVABILITY_HOME'] = $killHome
        $child = [System.Diagnostics.Process]::Start($start)
        try {
            $stored = 0
            $deadline = [DateTime]::UtcNow.AddSeconds(120)
            while ($stored -lt 40 -and [DateTime]::UtcNow -lt $deadline) {
                $line = $child.StandardOutput.ReadLine()
                if ($null -eq $line) { break }
                if ($line -like 'STORED *') { $stored++ }
            }
            $child.Kill($true)
            $child.WaitForExit()
        }
        finally { $child.Dispose() }
        $stored | Should -BeGreaterOrEqual 40 -Because 'the child must have stored some rows before it was killed'
        Invoke-EmulatorControl -Emulator $Emulator -Path settings -Body @{ apiLatencyMilliseconds = 0 } | Out-Null

        $rerun = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $killHome } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$Pat' -AsPlainText -Force)
Connect-GenieWarehouse -Path '$killDb'
'BEFORE {0}' -f (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details').n
`$null = Get-Content -Raw '$itemsPath' | ConvertFrom-Json | Import-GenieMessageDetails -ThrottleLimit 8
`$c = Invoke-GenieSql 'SELECT count(*) AS total, count(DISTINCT message_id) AS distinct_ids FROM genie_analytics.message_details'
'COUNTS {0} {1}' -f `$c.total, `$c.distinct_ids
"@
        $rerun.ExitCode | Should -Be 0 -Because ($rerun.Output -join "`n")
        # The kill came mid-run: some rows were kept, not all.
        [int](($rerun.Output | Where-Object { $_ -like 'BEFORE *' }) -replace 'BEFORE ', '') | Should -BeIn (40..299)
        ($rerun.Output | Where-Object { $_ -like 'COUNTS *' }) | Should -Be 'COUNTS 300 300'
        Remove-Item -Recurse -Force $killHome -ErrorAction SilentlyContinue
    }

    It 'stores every message exactly once under a workspace rate limit, and reports the 429s, the settled rate and the adjustments' {
        # The workspace admits 25 message GETs a second and answers 429 with Retry-After beyond that.
        Invoke-EmulatorControl -Emulator $Emulator -Path rate-limits -Body @{ method = 'GET'; pathPattern = '^/api/2.0/genie/spaces/[^/]+/conversations/[^/]+/messages/'; requestsPerSecond = 25 } | Out-Null
        try {
            $items = 100..199 | ForEach-Object { New-ToFetch $_ $Emulator.Url }
            $first = @($items | Import-GenieMessageDetails -ThrottleLimit 8 -Verbose 4>&1)
            $again = @($items | Import-GenieMessageDetails -ThrottleLimit 8)
        }
        finally {
            Invoke-EmulatorControl -Emulator $Emulator -Path rate-limits -Method DELETE | Out-Null
        }

        $summary = $first | Where-Object { $_ -is [GenieObservability.MessageIngestionSummary] }
        $summary.Stored | Should -Be 100
        $summary.Failed | Should -Be 0
        $again[-1].Stored | Should -Be 100
        $again[-1].Failed | Should -Be 0
        $range = @{ low = '01f0{0:D28}' -f 100; high = '01f0{0:D28}' -f 199 }
        $counts = Invoke-GenieSql 'SELECT count(*) AS total, count(DISTINCT message_id) AS distinct_ids FROM genie_analytics.message_details WHERE message_id BETWEEN :low AND :high' $range
        $counts.total | Should -Be 100
        $counts.distinct_ids | Should -Be 100
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_fetch_errors WHERE message_id BETWEEN :low AND :high' $range).n | Should -Be 0

        $summary.WorkspaceRates | Should -HaveCount 1
        $rate = $summary.WorkspaceRates[0]
        $rate.WorkspaceUrl | Should -Be $Emulator.Url
        $rate.RateLimited | Should -BeGreaterThan 0
        $summary.RateLimited | Should -Be $rate.RateLimited
        $rate.SettledRequestsPerSecond | Should -BeGreaterThan 10
        $rate.SettledRequestsPerSecond | Should -BeLessThan 40
        $verbose = @($first | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $verbose | Where-Object { $_ -like '*answered 429*pacing its requests at*' } | Should -Not -BeNullOrEmpty
        ($summary | Format-Table | Out-String) | Should -Match '429s'
    }
}

Describe 'Invoke-GenieObservabilityJob' {
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

    It 'runs refresh, messages to fetch and import as one runbook step, exits 0, and a second run fetches nothing new' {
        $result = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $HomeDir } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$($Seed.tokens[0])' -AsPlainText -Force)
Import-GenieAuditLog -Path '$AuditPath' | Out-Null
`$first = Invoke-GenieObservabilityJob -ThrottleLimit 4
`$second = Invoke-GenieObservabilityJob
'FIRST {0} {1} {2} {3} {4}' -f `$first.Status, `$first.Ingestion.Stored, `$first.Ingestion.Pending, `$first.Ingestion.FailedByType['NOT_FOUND'], `$first.ToFetchByReason['New']
'SECOND {0} {1}' -f `$second.Status, `$second.Ingestion.Received
'ROWS {0}' -f (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.message_details').n
'JOBS {0}' -f ((Invoke-GenieSql "SELECT status FROM genie_analytics.genie_ingestion_runs WHERE run_type = 'JOB' ORDER BY started_at").status -join ',')
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'FIRST SUCCEEDED 22 1 1 23'
        # The deleted message failed permanently (not re-queued); the pending one is older than the 24 h limit.
        $result.Output | Should -Contain 'SECOND SUCCEEDED 0'
        $result.Output | Should -Contain 'ROWS 22'
        $result.Output | Should -Contain 'JOBS SUCCEEDED,SUCCEEDED'
    }

    It 'is the same as the three-cmdlet pipeline, which streams Get-GenieMessagesToFetch objects into the import' {
        $pipelineHome = New-TempHome
        $result = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $pipelineHome } -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$($Seed.tokens[0])' -AsPlainText -Force)
Import-GenieAuditLog -Path '$AuditPath' | Out-Null
`$summary = Invoke-GeniePipelineRefresh -Mode Auto | Get-GenieMessagesToFetch | Import-GenieMessageDetails -ThrottleLimit 4 -ErrorAction SilentlyContinue
'PIPELINE {0} {1} {2}' -f `$summary.Status, `$summary.Stored, `$summary.Failed
"@
        Remove-Item -Recurse -Force $pipelineHome -ErrorAction SilentlyContinue
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'PIPELINE SUCCEEDED 22 1'
    }

    It 'sends no space GET without -SyncSpaces; with it fills genie_space_details, counts the spaces, and a forbidden space does not fail the job' {
        $spacesHome = New-TempHome
        $connect = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$($Seed.tokens[0])' -AsPlainText -Force)
"@
        $spaceGet = '^/api/2\.0/genie/spaces/[^/]+$'
        try {
            Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method DELETE | Out-Null
            $plain = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $spacesHome } -Script (@"
$connect
Import-GenieAuditLog -Path '$AuditPath' | Out-Null
`$job = Invoke-GenieObservabilityJob
'PLAIN {0} {1} [{2}]' -f `$job.Status, `$job.Ingestion.Stored, `$job.SpacesSynced
"@)
            $plain.ExitCode | Should -Be 0 -Because ($plain.Output -join "`n")
            $plain.Output | Should -Contain 'PLAIN SUCCEEDED 22 []'
            $requests = @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET | ForEach-Object { $_ })
            @($requests | Where-Object { $_.path -like '/api/2.0/genie/spaces/*/conversations/*' }).Count | Should -BeGreaterThan 0
            # Ingestion looks up space names (GET without the serialized space); only the sync asks for serialized_space.
            @($requests | Where-Object { $_.method -eq 'GET' -and $_.path -match $spaceGet }).Count | Should -BeGreaterThan 0
            @($requests | Where-Object { $_.method -eq 'GET' -and $_.path -match $spaceGet -and $_.query -match 'include_serialized_space=true' }).Count | Should -Be 0

            # One of the three spaces answers 403: it is counted as failed, the job still succeeds.
            Invoke-EmulatorControl -Emulator $Emulator -Path faults -Body @{ method = 'GET'; pathPattern = '/spaces/01ef8a1c2d3e4f5061728394a5b6c7d3$'; status = 403; errorCode = 'PERMISSION_DENIED' } | Out-Null
            Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method DELETE | Out-Null
            $synced = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $spacesHome } -Script (@"
$connect
`$first = Invoke-GenieObservabilityJob -SyncSpaces -ErrorAction Stop
`$second = Invoke-GenieObservabilityJob -SyncSpaces -ErrorAction Stop
'FIRST {0} {1}/{2}/{3} {4}' -f `$first.Status, `$first.SpacesSynced, `$first.SpacesUnchanged, `$first.SpacesFailed, `$first.SpaceSync.Forbidden
'SECOND {0} {1}/{2}/{3}' -f `$second.Status, `$second.SpacesSynced, `$second.SpacesUnchanged, `$second.SpacesFailed
'DETAILS ' + ((Invoke-GenieSql 'SELECT space_id, api_fetch_status AS fetch_status FROM genie_analytics.genie_space_details ORDER BY space_id' | ForEach-Object { `$_.space_id.Substring(30) + '=' + `$_.fetch_status }) -join ',')
'JOBROW ' + ((Invoke-GenieSql "SELECT details_json FROM genie_analytics.genie_ingestion_runs WHERE run_id = '`$(`$first.RunId)'").details_json | ConvertFrom-Json).space_sync.synced
"@)
            $spaceGets = @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET | ForEach-Object { $_ } | Where-Object { $_.method -eq 'GET' -and $_.path -match $spaceGet -and $_.query -match 'include_serialized_space=true' })
        }
        finally {
            Invoke-EmulatorControl -Emulator $Emulator -Path faults -Method DELETE | Out-Null
            Remove-Item -Recurse -Force $spacesHome -ErrorAction SilentlyContinue
        }

        $synced.ExitCode | Should -Be 0 -Because ($synced.Output -join "`n")
        $synced.Output | Should -Contain 'FIRST SUCCEEDED 2/0/1 1'
        $synced.Output | Should -Contain 'SECOND SUCCEEDED 0/2/1'
        $synced.Output | Should -Contain 'DETAILS d1=OK,d2=OK,d3=FORBIDDEN'
        $synced.Output | Should -Contain 'JOBROW 2'
        # Two jobs, three spaces each (the 403 ones count as sent).
        $spaceGets.Count | Should -Be 6
    }

    It 'fails the runbook (terminating error, non-zero exit) when the job as a whole fails' {
        # The warehouse file is replaced by something that is not a DuckDB database after connecting: the refresh step
        # cannot open it and the job fails as a whole.
        $broken = Join-Path $HomeDir 'broken.duckdb'
        $result = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $HomeDir } -Script @"
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$($Seed.tokens[0])' -AsPlainText -Force)
Connect-GenieWarehouse -Path '$broken'
Remove-Item '$broken*' -Force -ErrorAction SilentlyContinue
Set-Content -Path '$broken' -Value ('this is not a database ' * 1000)
try { `$summary = Invoke-GenieObservabilityJob -ErrorAction Stop -WarningAction SilentlyContinue; exit 0 } catch { 'ERROR ' + `$_.FullyQualifiedErrorId; exit 3 }
"@
        $result.ExitCode | Should -Be 3 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'ERROR GenieObservabilityJobFailed,GenieObservability.Commands.InvokeGenieObservabilityJobCommand'

    }
}
