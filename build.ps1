#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, packages and demonstrates the GenieObservability module.
.DESCRIPTION
    build    publishes the module into out/GenieObservability/<version>/ (psd1, cmdlet and contracts assemblies,
             dependencies/ for the engine's load context, format file and MAML help).
    test     make sure the native packages the tests need are installed (on Debian/Ubuntu as root or with passwordless
             sudo it installs the missing ones; elsewhere it stops with the command to run), build, then every xUnit
             project once per target framework (the engine tests on .NET 10 and .NET 8) and every Pester test against
             the published module; ends with 'N passed, N failed' and exits non-zero on any failure.
    package  one zip per runtime (default linux-x64, win-x64, osx-arm64) with the psd1 at the zip root.
    demo     build, then run the job with -SyncSpaces and the space backup/publish steps against local workspace emulators on an embedded warehouse.
    pin-parameters
             build, then rewrite tests/pester/cmdlet-parameters.json, the pinned parameter lists of every cmdlet
             (a Pester test fails on any difference). Run it after adding or changing a cmdlet's parameters on purpose,
             and review the diff: a renamed or removed parameter breaks the scripts that use it.
    clean    removes out/ and every bin/ and obj/ folder.
.EXAMPLE
    dotnet tool restore && dotnet pwsh ./build.ps1 test
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'package', 'demo', 'pin-parameters', 'clean')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Runtimes to package; 'package' builds one zip each.
    [string[]] $Runtime = @('linux-x64', 'win-x64', 'osx-arm64'),

    # Passed to Invoke-Pester as a filter on file names (e.g. 'Help'); all when empty.
    [string] $PesterFilter = '',

    # Passed to dotnet test --filter; all when empty.
    [string] $XunitFilter = '',

    # test: do not check or install the native packages (for systems other than Debian/Ubuntu that have their equivalents).
    [switch] $SkipPrerequisites
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$Root = $PSScriptRoot
Import-Module (Join-Path $Root 'tools/BuildTools.psm1') -Force
Import-Module (Join-Path $Root 'tools/TestPrerequisites.psm1') -Force

$Version = Get-ModuleVersion -ManifestPath (Join-Path $Root 'GenieObservability.psd1')
$OutRoot = Join-Path $Root 'out'
$ModuleBase = Join-Path $OutRoot "GenieObservability/$Version"

function Invoke-Build {
    param([string] $TargetRuntime = (Get-CurrentRuntimeIdentifier), [string] $Destination = $ModuleBase)
    Invoke-Dotnet build (Join-Path $Root 'GenieObs.sln') -c $Configuration -nologo '--verbosity' 'quiet'
    Publish-GenieModule -Root $Root -Configuration $Configuration -Runtime $TargetRuntime -Destination $Destination
    Write-Host "Module published to $Destination"
}

switch ($Task) {
    'clean' {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $OutRoot
        Get-ChildItem -Path (Join-Path $Root 'src'), (Join-Path $Root 'tests'), (Join-Path $Root 'bench') -Directory -Recurse -Include bin, obj -ErrorAction SilentlyContinue |
            Remove-Item -Recurse -Force
        Write-Host 'Cleaned.'
    }
    'build' {
        Invoke-Build
    }
    'package' {
        Invoke-Dotnet build (Join-Path $Root 'GenieObs.sln') -c $Configuration -nologo '--verbosity' 'quiet'
        foreach ($rid in $Runtime) {
            $staging = Join-Path $OutRoot "package/$rid/GenieObservability"
            Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $staging
            Publish-GenieModule -Root $Root -Configuration $Configuration -Runtime $rid -Destination $staging
            $zip = Join-Path $OutRoot "package/GenieObservability-$Version-$rid.zip"
            Remove-Item -Force -ErrorAction SilentlyContinue $zip
            # The psd1 sits at the zip root: Azure Automation imports a module zip named after the module.
            Compress-Archive -Path (Join-Path $staging '*') -DestinationPath $zip
            Write-Host ("Packaged {0} ({1:N1} MB)" -f $zip, ((Get-Item $zip).Length / 1MB))
        }
    }
    'pin-parameters' {
        Invoke-Build
        $pin = Join-Path $Root 'tests/pester/cmdlet-parameters.json'
        Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Update-CmdletParameterPin.ps1') -ModulePath (Join-Path $ModuleBase 'GenieObservability.psd1') -PinPath $pin
        if ($LASTEXITCODE -ne 0) { throw 'Writing the parameter pin failed; see the messages above.' }
        Write-Host "Wrote ${pin}: review its diff (git diff -- tests/pester/cmdlet-parameters.json) before committing."
    }
    'demo' {
        Invoke-Build
        & (Get-PwshCommand) -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Start-Demo.ps1') -ModulePath (Join-Path $ModuleBase 'GenieObservability.psd1') -Root $Root
        if ($LASTEXITCODE -ne 0) { throw "The demo failed (exit code $LASTEXITCODE)." }
    }
    'test' {
        if (-not $SkipPrerequisites) {
            $problem = Install-TestPrerequisite -LogPath (Join-Path $OutRoot 'prerequisites.log')
            if ($problem) {
                [Console]::Error.WriteLine($problem)
                exit 1
            }
        }
        Invoke-Build
        $resultsDirectory = Join-Path $OutRoot 'test-results'
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $resultsDirectory
        New-Item -ItemType Directory -Force -Path $resultsDirectory | Out-Null

        $xunit = Invoke-XunitProjects -Root $Root -Configuration $Configuration -ResultsDirectory $resultsDirectory -Filter $XunitFilter
        $pester = Invoke-PesterTests -Root $Root -ModulePath (Join-Path $ModuleBase 'GenieObservability.psd1') -ResultsDirectory $resultsDirectory -Filter $PesterFilter -Configuration $Configuration

        foreach ($run in $xunit) {
            Write-Host ("xUnit {0}: {1} passed, {2} failed, {3} skipped in {4} s" -f $run.Name, $run.Passed, $run.Failed, $run.Skipped, $run.Seconds)
        }
        Write-Host ("Pester: {0} passed, {1} failed, {2} skipped" -f $pester.Passed, $pester.Failed, $pester.Skipped)
        $passed = ($xunit | Measure-Object Passed -Sum).Sum + $pester.Passed
        $failed = ($xunit | Measure-Object Failed -Sum).Sum + ($xunit | Measure-Object Errors -Sum).Sum + $pester.Failed + $pester.Errors
        Write-Host ("{0} passed, {1} failed" -f $passed, $failed)
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
}
