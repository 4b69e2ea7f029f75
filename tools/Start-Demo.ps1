# The README's main command (./build.ps1 demo): the real job, end to end, against the LOCAL workspace emulator on
# loopback and an embedded DuckDB file under out/demo - never a real workspace, never the user's default warehouse.
#   1. starts the emulator seeded with tests/data/demo/workspace-seed.json (3 spaces, 22 messages)
#   2. writes a matching audit log and imports it (Import-GenieAuditLog)
#   3. runs Invoke-GenieObservabilityJob -SyncSpaces (refresh -> messages to fetch -> import -> space configurations)
#   4. prints the space metrics, captured questions with their SQL, the fetch-error summary and the synced spaces
#   5. writes the observability report out/demo/report.html (Export-GenieObservabilityReport) and prints its path
#   6-8. tools/SpacesDemo.ps1: canonical backups under out/demo/spaces, a -WhatIf publish plan, a publish to a SECOND
#        local emulator with a catalog map, and a re-publish that changes nothing
#   then a short summary. out/demo is recreated on every run, so the demo can be run again and again.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Root
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module $ModulePath
Import-Module (Join-Path $Root 'tests/pester/TestHelpers.psm1')
Import-Module (Join-Path $Root 'tests/data/demo/DemoData.psm1')

$emulatorDll = @('Release', 'Debug') |
    ForEach-Object { Join-Path $Root "tests/GenieObservability.Emulator/bin/$_/net10.0/GenieObservability.Emulator.dll" } |
    Where-Object { Test-Path $_ } | Select-Object -First 1
if (-not $emulatorDll) { throw 'The workspace emulator is not built: run ./build.ps1 build first.' }
$env:GENIE_EMULATOR_PATH = $emulatorDll

# A fresh demo warehouse each time, under out/demo; GENIE_OBSERVABILITY_HOME keeps every default away from the user's data.
$demoHome = Join-Path $Root 'out/demo'
Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $demoHome
New-Item -ItemType Directory -Force -Path $demoHome | Out-Null
$env:GENIE_OBSERVABILITY_HOME = $demoHome

# The demo's messages were asked over the last three weeks, so the report has a trend to show.
$seedPath = New-GenieDemoSeed -Path (Join-Path $demoHome 'workspace-seed.json')
$seed = Get-Content -Raw $seedPath | ConvertFrom-Json
$token = ConvertTo-SecureString $seed.tokens[0] -AsPlainText -Force
$steps = 8
$emulator = Start-GenieEmulator -SeedPath $seedPath
try {
    $banner = "GenieObservability $((Get-Module GenieObservability).Version) demo - running against the LOCAL EMULATOR at $($emulator.Url) (a simulated Databricks workspace on loopback, not a real one)"
    Write-Host ('=' * [Math]::Min($banner.Length, 120))
    Write-Host $banner
    Write-Host "Warehouse: embedded DuckDB file $demoHome/genie.duckdb"
    Write-Host ('=' * [Math]::Min($banner.Length, 120))

    Connect-GenieWorkspace -Host $emulator.Url -AccessToken $token
    Connect-GenieWarehouse -Path (Join-Path $demoHome 'genie.duckdb')

    $auditPath = New-GenieDemoAuditLog -WorkspaceUrl $emulator.Url -Path (Join-Path $demoHome 'audit.jsonl')
    Write-Host "`n[1/$steps] Import-GenieAuditLog $auditPath"
    Import-GenieAuditLog -Path $auditPath -PassThru | Out-Host

    Write-Host "[2/$steps] Invoke-GenieObservabilityJob -Mode Auto -ThrottleLimit 8 -SyncSpaces   (refresh -> messages to fetch -> import -> query metrics -> space configurations)"
    $job = Invoke-GenieObservabilityJob -Mode Auto -ThrottleLimit 8 -SyncSpaces
    $job | Format-List Status, RunId,
        @{ Name = 'AuditWindow'; Expression = { '{0:u} .. {1:u}' -f $_.Refresh.WindowStart, $_.Refresh.WindowEnd } },
        @{ Name = 'ToFetch'; Expression = { ($_.ToFetchByReason.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', ' } },
        @{ Name = 'Stored'; Expression = { $_.Ingestion.Stored } },
        @{ Name = 'Completed'; Expression = { $_.Ingestion.Completed } },
        @{ Name = 'StillPending'; Expression = { $_.Ingestion.Pending } },
        @{ Name = 'FailedByType'; Expression = { ($_.Ingestion.FailedByType.GetEnumerator() | ForEach-Object { "$($_.Key)=$($_.Value)" }) -join ', ' } },
        @{ Name = 'Spaces'; Expression = { '{0} synced, {1} unchanged, {2} failed' -f $_.SpacesSynced, $_.SpacesUnchanged, $_.SpacesFailed } },
        Elapsed | Out-Host

    Write-Host "[3/$steps] What the tables now say"
    Write-Host "`nSpace metrics (Get-GenieSpaceMetrics, with the space names ingestion stored):"
    $names = @{}
    Invoke-GenieSql 'SELECT DISTINCT space_id, space_name FROM genie_analytics.message_details' | ForEach-Object { $names[$_.space_id] = $_.space_name }
    Get-GenieSpaceMetrics |
        Select-Object @{ Name = 'Space'; Expression = { $names[$_.SpaceId] } }, ConversationCount, MessageCount, UserCount, FirstEventTime, LastEventTime |
        Format-Table -AutoSize | Out-Host

    Write-Host 'Captured questions and the SQL Genie answered with (message_details):'
    Invoke-GenieSql @'
SELECT space_name AS space, user_email AS asked_by, content AS question, status, query_sql AS sql
FROM genie_analytics.message_details
WHERE query_sql IS NOT NULL AND status = 'COMPLETED'
ORDER BY created_timestamp
LIMIT 4
'@ | Format-List | Out-Host

    Write-Host 'Messages not (yet) answered:'
    Invoke-GenieSql @'
SELECT space_name AS space, status, message_error_type AS error_type, content AS question
FROM genie_analytics.message_details WHERE status <> 'COMPLETED' ORDER BY status
'@ | Format-Table -AutoSize | Out-Host

    Write-Host 'Fetch errors (message_fetch_errors):'
    Invoke-GenieSql @'
SELECT error_type, http_status, count(*) AS messages, max(retry_count) AS max_retry_count,
       sum(CASE WHEN resolved THEN 1 ELSE 0 END) AS resolved
FROM genie_analytics.message_fetch_errors GROUP BY error_type, http_status ORDER BY error_type
'@ | Format-Table -AutoSize | Out-Host

    Write-Host 'Slowest Genie queries with their question (Get-GenieQueryMetric; some history has not arrived yet, see QueriesPending):'
    Get-GenieQueryMetric -Days 30 -First 8 | Format-Table -AutoSize | Out-Host

    Write-Host 'Space configurations the job synced (genie_space_details):'
    Invoke-GenieSql @'
SELECT title, api_fetch_status AS fetch_status, warehouse_id, substr(content_hash, 1, 12) AS content_hash
FROM genie_analytics.genie_space_details ORDER BY title
'@ | Format-Table -AutoSize | Out-Host

    $reportPath = Join-Path $demoHome 'report.html'
    Write-Host "[4/$steps] Export-GenieObservabilityReport -Path $reportPath -Days 30   (one offline HTML file: charts, tables, and the figures as JSON)"
    $report = Export-GenieObservabilityReport -Path $reportPath -Days 30 -Title 'Contoso Analytics - Genie, last 30 days (demo)'
    $report | Format-Table -AutoSize | Out-Host
    Get-GenieUsage -By Space -Days 30 | Format-Table -AutoSize | Out-Host
    Write-Host "Report written: $($report.Path)"

    $spaces = & (Join-Path $PSScriptRoot 'SpacesDemo.ps1') -DemoHome $demoHome -AccessToken $token -Step 5 -StepCount $steps

    Write-Host "`n[$steps/$steps] Summary - everything above ran against LOCAL EMULATORS on loopback, never a real workspace"
    [pscustomobject]@{
        Job                = $job.Status
        MessagesStored     = $job.Ingestion.Stored
        MessagesFailed     = $job.Ingestion.Failed
        QueryMetrics       = '{0} found, {1} pending' -f $job.QueryMetrics.Found, $job.QueryMetrics.Pending
        SpacesSynced       = $job.SpacesSynced
        SpacesUnchanged    = $job.SpacesUnchanged
        SpacesFailed       = $job.SpacesFailed
        Report             = $report.Path
        Backups            = $spaces.Backups
        Published          = $spaces.Published
        WhatIfWrites       = $spaces.WhatIfWrites
        Republished        = $spaces.Republished
        RepublishWrites    = $spaces.RepublishWrites
    } | Format-List | Out-Host
    Write-Host "Demo finished. The report is $($report.Path). The demo warehouse stays in $demoHome (backups in $demoHome/spaces); explore it with Invoke-GenieSql after Connect-GenieWarehouse -Path $demoHome/genie.duckdb."
}
finally {
    Stop-GenieEmulator -Emulator $emulator
}
