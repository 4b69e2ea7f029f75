# Measured side of the ingestion benchmark's pwsh run: the built module in a fresh pwsh, messages piped into
# Import-GenieMessageDetails as an admin would, against the emulator named by DATABRICKS_HOST / DATABRICKS_TOKEN.
# Prints one line: RESULT <stored> <seconds> <peak working set MB> <peak working set MB before the first message>.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [int] $Count,
    [Parameter(Mandatory)] [string] $SpaceId,
    [int] $ThrottleLimit = 16
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'

Import-Module $ModulePath
Connect-GenieWorkspace | Out-Null
$directory = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "genie-bench-pwsh-$([guid]::NewGuid().ToString('N'))")
try {
    Connect-GenieWarehouse -Path (Join-Path $directory 'bench.duckdb') | Out-Null
    Install-GenieObservabilitySchema | Out-Null
    $baseline = (Get-Process -Id $PID).PeakWorkingSet64
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $workspaceUrl = $env:DATABRICKS_HOST
    $summary = & {
        for ($n = 0; $n -lt $Count; $n++) {
            [pscustomobject]@{
                WorkspaceId    = '1234567890123456'
                WorkspaceUrl   = $workspaceUrl
                SpaceId        = $SpaceId
                ConversationId = '01c0' + [math]::Floor($n / 5).ToString('0000000000000000000000000000')
                MessageId      = '01f0' + $n.ToString('0000000000000000000000000000')
                UserEmail      = "user$($n % 50)@contoso.com"
            }
        }
    } | Import-GenieMessageDetails -ThrottleLimit $ThrottleLimit
    $clock.Stop()
    $peak = (Get-Process -Id $PID).PeakWorkingSet64
    'RESULT {0} {1:F3} {2:F1} {3:F1}' -f $summary.Stored, $clock.Elapsed.TotalSeconds, ($peak / 1MB), ($baseline / 1MB)
}
finally {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $directory -Recurse -Force -ErrorAction SilentlyContinue
}
