# Helpers for build.ps1. Kept in a module so build.ps1 reads as the list of tasks.
Set-StrictMode -Version Latest

$PesterVersion = '5.7.1'

function Get-ModuleVersion {
    param([Parameter(Mandatory)] [string] $ManifestPath)
    (Import-PowerShellDataFile -Path $ManifestPath).ModuleVersion
}

function Get-CurrentRuntimeIdentifier {
    $arch = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
    if ($IsWindows) { "win-$arch" } elseif ($IsMacOS) { "osx-$arch" } else { "linux-$arch" }
}

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE." }
}

# The pwsh this build runs in, as a command a child process can be started with (the dotnet tool runs pwsh.dll under dotnet).
function Invoke-Pwsh {
    $process = [System.Environment]::ProcessPath
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') {
        & $process (Join-Path $PSHOME 'pwsh.dll') @args
    }
    else {
        & $process @args
    }
}

function Get-PwshCommand { ${function:Invoke-Pwsh} }

function Get-NuGetPackagesFolder {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list | Select-Object -First 1
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Get-PesterModulePath {
    $path = Join-Path (Get-NuGetPackagesFolder) "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $path)) { throw "Pester $PesterVersion was not restored to $path. Run 'dotnet restore GenieObs.sln'." }
    $path
}

function Publish-GenieModule {
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $Configuration,
        [Parameter(Mandatory)] [string] $Runtime,
        [Parameter(Mandatory)] [string] $Destination
    )
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $Destination
    $dependencies = Join-Path $Destination 'dependencies'
    New-Item -ItemType Directory -Force -Path $dependencies | Out-Null

    # The engine and everything it needs, flat for one runtime, loaded by the module's own load context.
    Invoke-Dotnet publish (Join-Path $Root 'src/GenieObservability.Engine/GenieObservability.Engine.csproj') `
        -c $Configuration -r $Runtime --self-contained false -o $dependencies -nologo '--verbosity' 'quiet'
    # Contracts are shared with PowerShell and must exist once, in the default context.
    Get-ChildItem $dependencies -Filter 'GenieObservability.Contracts.*' | Remove-Item -Force
    Get-ChildItem $dependencies -Filter '*.pdb' | Remove-Item -Force
    Get-ChildItem $dependencies -Filter '*.deps.json' | Remove-Item -Force

    $cmdletBin = Join-Path $Root "src/GenieObservability/bin/$Configuration/net8.0"
    foreach ($name in 'GenieObservability.dll', 'GenieObservability.Contracts.dll') {
        Copy-Item (Join-Path $cmdletBin $name) $Destination
    }
    Copy-Item (Join-Path $Root 'GenieObservability.psd1') $Destination
    Copy-Item (Join-Path $Root 'README.md') $Destination -ErrorAction SilentlyContinue
    Copy-Item (Join-Path $Root 'sql') $Destination -Recurse -ErrorAction SilentlyContinue

    New-FormatFile -SourceDirectory (Join-Path $Root 'src/GenieObservability/Formats') -Destination (Join-Path $Destination 'GenieObservability.format.ps1xml')
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'New-ModuleHelp.ps1') `
        -ModulePath (Join-Path $Destination 'GenieObservability.psd1') `
        -HelpSource (Join-Path $Root 'src/GenieObservability/Help') `
        -Destination (Join-Path $Destination 'en-US/GenieObservability.dll-Help.xml')
    if ($LASTEXITCODE -ne 0) { throw 'Generating the module help failed; see the messages above.' }
}

# Table views from the compact definitions in Formats/*.format.psd1: @{ '<TypeName>' = @('Prop', @{ Label='L'; Script='$_.X' }) }.
function New-FormatFile {
    param([Parameter(Mandatory)] [string] $SourceDirectory, [Parameter(Mandatory)] [string] $Destination)
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $writer = [System.Xml.XmlWriter]::Create($Destination, $settings)
    try {
        $writer.WriteStartElement('Configuration')
        $writer.WriteStartElement('ViewDefinitions')
        foreach ($file in Get-ChildItem $SourceDirectory -Filter '*.format.psd1' | Sort-Object Name) {
            $views = Import-PowerShellDataFile -Path $file.FullName
            foreach ($typeName in $views.Keys | Sort-Object) {
                $writer.WriteStartElement('View')
                $writer.WriteElementString('Name', $typeName)
                $writer.WriteStartElement('ViewSelectedBy')
                $writer.WriteElementString('TypeName', $typeName)
                $writer.WriteEndElement()
                $writer.WriteStartElement('TableControl')
                $writer.WriteStartElement('TableHeaders')
                foreach ($column in $views[$typeName]) {
                    $writer.WriteStartElement('TableColumnHeader')
                    if ($column -is [hashtable]) {
                        $writer.WriteElementString('Label', $column.Label)
                        if ($column.ContainsKey('Width')) { $writer.WriteElementString('Width', [string]$column.Width) }
                        if ($column.ContainsKey('Alignment')) { $writer.WriteElementString('Alignment', $column.Alignment) }
                    }
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement()
                $writer.WriteStartElement('TableRowEntries')
                $writer.WriteStartElement('TableRowEntry')
                $writer.WriteStartElement('TableColumnItems')
                foreach ($column in $views[$typeName]) {
                    $writer.WriteStartElement('TableColumnItem')
                    if ($column -is [hashtable] -and $column.ContainsKey('Script')) { $writer.WriteElementString('ScriptBlock', $column.Script) }
                    elseif ($column -is [hashtable]) { $writer.WriteElementString('PropertyName', $column.Property) }
                    else { $writer.WriteElementString('PropertyName', $column) }
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement(); $writer.WriteEndElement(); $writer.WriteEndElement()
                $writer.WriteEndElement() # TableControl
                $writer.WriteEndElement() # View
            }
        }
        $writer.WriteEndElement(); $writer.WriteEndElement()
    }
    finally { $writer.Dispose() }
}

# The target frameworks a project file names (TargetFrameworks, else TargetFramework).
function Get-TargetFramework {
    param([Parameter(Mandatory)] [string] $ProjectPath)
    $properties = ([xml](Get-Content -Raw $ProjectPath)).Project.PropertyGroup | Where-Object { -not $_.HasAttribute('Condition') }
    $names = foreach ($group in $properties) {
        foreach ($element in 'TargetFrameworks', 'TargetFramework') {
            $node = $group.SelectSingleNode($element)
            if ($node) { $node.InnerText -split ';' | Where-Object { $_ } }
        }
    }
    @($names | Select-Object -Unique)
}

# Every test project once per target framework (the engine tests run on .NET 10 and, self-contained, on .NET 8).
function Invoke-XunitProjects {
    param([string] $Root, [string] $Configuration, [string] $ResultsDirectory, [string] $Filter)
    $runs = [System.Collections.Generic.List[object]]::new()
    foreach ($project in Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.Tests.csproj') {
        foreach ($framework in Get-TargetFramework $project.FullName) {
            $run = [ordered]@{ Name = "$($project.BaseName) ($framework)"; Passed = 0; Failed = 0; Skipped = 0; Errors = 0; Seconds = 0 }
            $trxName = "$($project.BaseName).$framework.trx"
            $arguments = @('test', $project.FullName, '-c', $Configuration, '-f', $framework, '--no-build', '--nologo',
                '--logger', "trx;LogFileName=$trxName", '--logger', 'console;verbosity=minimal', '--results-directory', $ResultsDirectory)
            if ($Filter) { $arguments += @('--filter', $Filter) }
            $watch = [System.Diagnostics.Stopwatch]::StartNew()
            & dotnet @arguments | Out-Host
            $run.Seconds = [math]::Round($watch.Elapsed.TotalSeconds)
            $trx = Join-Path $ResultsDirectory $trxName
            if (-not (Test-Path $trx)) {
                Write-Warning "$($run.Name) produced no results file: counted as a failure."
                $run.Errors = 1
            }
            else {
                $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
                $run.Passed = [int]$counters.passed
                $run.Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
                $run.Skipped = [int]$counters.notExecuted
            }
            $runs.Add([pscustomobject]$run)
        }
    }
    $runs.ToArray()
}

function Invoke-PesterTests {
    param([string] $Root, [string] $ModulePath, [string] $ResultsDirectory, [string] $Filter, [string] $Configuration)
    $summary = Join-Path $ResultsDirectory 'pester-summary.json'
    $env:GENIE_MODULE_PATH = $ModulePath
    $env:GENIE_REPO_ROOT = $Root
    $env:GENIE_EMULATOR_PATH = Join-Path $Root "tests/GenieObservability.Emulator/bin/$Configuration/net10.0/GenieObservability.Emulator.dll"
    Invoke-Pwsh -NoProfile -NonInteractive -File (Join-Path $PSScriptRoot 'Invoke-PesterSuite.ps1') `
        -PesterPath (Get-PesterModulePath) -TestPath (Join-Path $Root 'tests/pester') -Filter $Filter `
        -SummaryPath $summary -ResultsPath (Join-Path $ResultsDirectory 'pester.xml') | Out-Host
    if (-not (Test-Path $summary)) {
        Write-Warning 'The Pester run produced no summary: counted as a failure.'
        return [pscustomobject]@{ Passed = 0; Failed = 0; Skipped = 0; Errors = 1 }
    }
    $result = Get-Content -Raw $summary | ConvertFrom-Json
    [pscustomobject]@{ Passed = [int]$result.Passed; Failed = [int]$result.Failed; Skipped = [int]$result.Skipped; Errors = [int]$result.Errors }
}

Export-ModuleMember -Function Get-ModuleVersion, Get-CurrentRuntimeIdentifier, Invoke-Dotnet, Invoke-Pwsh, Get-PwshCommand,
    Get-NuGetPackagesFolder, Get-PesterModulePath, Publish-GenieModule, New-FormatFile, Invoke-XunitProjects, Invoke-PesterTests
