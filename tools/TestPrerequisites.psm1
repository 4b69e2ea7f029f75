# What `build.ps1 test` needs from the operating system, made sure of before anything is built. On Debian/Ubuntu as
# root (or with passwordless sudo) the missing packages are installed, quietly; anywhere else the check stops with one
# line naming the command to run. When everything is there it costs one dpkg-query call.
Set-StrictMode -Version Latest

# The Debian packages the tests need. A prerequisite with Commands counts as present when they are all on PATH, however
# installed (Node.js often comes from elsewhere); the others are checked with dpkg-query.
$script:TestPrerequisites = @(
    [pscustomobject]@{ Packages = @('unixodbc'); Commands = @() }           # the ODBC driver manager
    [pscustomobject]@{ Packages = @('odbc-postgresql'); Commands = @() }    # psqlODBC: the ODBC conformance suite
    [pscustomobject]@{ Packages = @('libsqliteodbc'); Commands = @() }      # SQLite ODBC: the module isolation test
    [pscustomobject]@{ Packages = @('postgresql'); Commands = @() }         # the server the ODBC tests start
    [pscustomobject]@{ Packages = @('chromium'); Commands = @() }           # headless Chromium: the report tests
    [pscustomobject]@{ Packages = @('nodejs', 'npm'); Commands = @('node', 'npm') }  # the Databricks JS SDK contract test
)

function Get-TestPrerequisite { $script:TestPrerequisites }

# The Debian packages among the prerequisites that are not installed.
function Get-MissingTestPackage {
    $byDpkg = @($script:TestPrerequisites | Where-Object { $_.Commands.Count -eq 0 } | ForEach-Object Packages)
    $installed = @{}
    $format = '${Package}\t${db:Status-Status}\n'
    $lines = & dpkg-query -W "--showformat=$format" @byDpkg 2>$null
    foreach ($line in $lines) {
        $name, $status = "$line" -split "`t", 2
        if ($status -eq 'installed') { $installed[$name] = $true }
    }
    $missing = [System.Collections.Generic.List[string]]::new()
    foreach ($prerequisite in $script:TestPrerequisites) {
        $present = if ($prerequisite.Commands.Count -gt 0) {
            -not ($prerequisite.Commands | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
        }
        else {
            -not ($prerequisite.Packages | Where-Object { -not $installed.ContainsKey($_) })
        }
        if (-not $present) { $missing.AddRange([string[]]$prerequisite.Packages) }
    }
    , $missing.ToArray()
}

function Test-DebianLike {
    [bool](Get-Command dpkg-query -CommandType Application -ErrorAction SilentlyContinue) -and
    [bool](Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue)
}

# 'root', 'sudo' (passwordless) or $null: who may run apt-get here.
function Get-PackageInstallRight {
    if ((& id -u 2>$null) -eq '0') { return 'root' }
    if (Get-Command sudo -CommandType Application -ErrorAction SilentlyContinue) {
        & sudo -n true 2>$null | Out-Null
        if ($LASTEXITCODE -eq 0) { return 'sudo' }
    }
    $null
}

# Runs apt-get (through sudo when not root) with its output kept in $Log; returns the exit code.
function Invoke-AptGet {
    param([Parameter(Mandatory)] [string] $Right, [Parameter(Mandatory)] [string[]] $Arguments, [Parameter(Mandatory)] [string] $Log)
    if ($Right -eq 'root') {
        & apt-get @Arguments *>> $Log
    }
    else {
        & sudo -n env DEBIAN_FRONTEND=noninteractive apt-get @Arguments *>> $Log
    }
    $LASTEXITCODE
}

<#
.SYNOPSIS
    Makes sure the native packages the tests need are installed; returns $null when they are, else one line for the user.
.DESCRIPTION
    Checks with dpkg-query first. Missing packages are installed with apt-get (update first, noninteractive, output in
    $LogPath) when this runs as root or with passwordless sudo on Debian/Ubuntu. Otherwise, or when the install fails,
    nothing is installed and the returned line names what to run.
#>
function Install-TestPrerequisite {
    param([Parameter(Mandatory)] [string] $LogPath)
    $all = @($script:TestPrerequisites | ForEach-Object Packages)
    if (-not (Test-DebianLike)) {
        return "This build installs what the tests need on Debian/Ubuntu only (there: $($all -join ' ')): install the same with your package manager, then run: dotnet pwsh ./build.ps1 test -SkipPrerequisites"
    }

    $missing = Get-MissingTestPackage
    if ($missing.Count -eq 0) { return $null }

    $command = "sudo apt-get update && sudo apt-get install -y $($missing -join ' ')"
    $right = Get-PackageInstallRight
    if (-not $right) {
        return "Missing Debian packages for the tests: $($missing -join ' '). Install them, then run this again: $command"
    }

    Write-Host "Installing the Debian packages the tests need: $($missing -join ' ') (output in $LogPath)"
    New-Item -ItemType Directory -Force -Path (Split-Path $LogPath) | Out-Null
    Set-Content -Path $LogPath -Value "apt-get for: $($missing -join ' ')"
    $saved = $env:DEBIAN_FRONTEND
    $env:DEBIAN_FRONTEND = 'noninteractive'
    try {
        $code = Invoke-AptGet -Right $right -Arguments @('update', '-qq') -Log $LogPath
        if ($code -eq 0) {
            $code = Invoke-AptGet -Right $right -Arguments (@('install', '-y', '-qq') + $missing) -Log $LogPath
        }
    }
    finally {
        $env:DEBIAN_FRONTEND = $saved
    }

    $still = Get-MissingTestPackage
    if ($code -ne 0 -or $still.Count -gt 0) {
        return "Installing $($missing -join ' ') failed (apt-get exit code $code; its output is in $LogPath). Fix that, or run it by hand: $command"
    }
    $null
}

Export-ModuleMember -Function Get-TestPrerequisite, Get-MissingTestPackage, Install-TestPrerequisite
