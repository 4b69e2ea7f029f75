# Runs the Pester suite in its own process and writes a summary JSON for build.ps1.
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $TestPath,
    [Parameter(Mandatory)] [string] $SummaryPath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [string] $Filter = ''
)
$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
Import-Module $PesterPath -Force

$configuration = New-PesterConfiguration
$paths = if ($Filter) { Get-ChildItem $TestPath -Filter "*$Filter*.Tests.ps1" | ForEach-Object FullName } else { $TestPath }
$configuration.Run.Path = $paths
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = $ResultsPath
$result = Invoke-Pester -Configuration $configuration

# A container that failed to run (syntax error, BeforeAll throwing) counts as a failure even if no test ran.
$errors = @($result.Containers | Where-Object { $_.Result -eq 'Failed' -and $_.FailedCount -eq 0 }).Count
[pscustomobject]@{
    Passed  = $result.PassedCount
    Failed  = $result.FailedCount
    Skipped = $result.SkippedCount
    Errors  = $errors
} | ConvertTo-Json | Set-Content -Path $SummaryPath
