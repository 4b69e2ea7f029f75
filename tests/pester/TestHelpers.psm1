# Shared by the Pester tests: the published module, the workspace emulator process, and a clean pwsh to run code in.
Set-StrictMode -Version Latest

function Get-GenieModulePath {
    if (-not $env:GENIE_MODULE_PATH) { throw 'GENIE_MODULE_PATH is not set: run the tests through ./build.ps1 test.' }
    $env:GENIE_MODULE_PATH
}

# Starts tests/GenieObservability.Emulator on a free loopback port; returns an object with Url and Process.
function Start-GenieEmulator {
    param([string] $SeedPath)
    if (-not $env:GENIE_EMULATOR_PATH -or -not (Test-Path $env:GENIE_EMULATOR_PATH)) { throw "The emulator was not built: $env:GENIE_EMULATOR_PATH" }
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.ArgumentList.Add($env:GENIE_EMULATOR_PATH)
    $startInfo.ArgumentList.Add('--port'); $startInfo.ArgumentList.Add('0')
    if ($SeedPath) { $startInfo.ArgumentList.Add('--seed'); $startInfo.ArgumentList.Add($SeedPath) }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { break }
        if ($line -match '^EMULATOR_URL=(.+)$') {
            return [pscustomobject]@{ Url = $Matches[1]; Process = $process }
        }
    }
    $process.Kill()
    throw 'The emulator did not start within 30 s.'
}

function Stop-GenieEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process.HasExited) {
        $Emulator.Process.StandardInput.Close()
        if (-not $Emulator.Process.WaitForExit(5000)) { $Emulator.Process.Kill() }
    }
    $Emulator.Process.Dispose()
}

# Calls the emulator's control API (/_emulator/...).
function Invoke-EmulatorControl {
    param([Parameter(Mandatory)] $Emulator, [Parameter(Mandatory)] [string] $Path, [string] $Method = 'POST', $Body)
    $parameters = @{ Uri = "$($Emulator.Url)/_emulator/$Path"; Method = $Method }
    if ($null -ne $Body) { $parameters.Body = ($Body | ConvertTo-Json -Depth 20); $parameters.ContentType = 'application/json' }
    Invoke-RestMethod @parameters
}

# Runs a script in a fresh pwsh process (same pwsh as the tests) and returns its output lines and exit code.
function Invoke-FreshPwsh {
    param([Parameter(Mandatory)] [string] $Script, [hashtable] $Environment = @{})
    $process = [System.Environment]::ProcessPath
    $arguments = @()
    if ([System.IO.Path]::GetFileNameWithoutExtension($process) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
    $arguments += @('-NoProfile', '-NonInteractive', '-Command', $Script)
    $saved = @{}
    foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
    try {
        $output = & $process @arguments 2>&1 | ForEach-Object { "$_" }
        [pscustomobject]@{ Output = @($output); ExitCode = $LASTEXITCODE }
    }
    finally {
        foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) }
    }
}

Export-ModuleMember -Function Get-GenieModulePath, Start-GenieEmulator, Stop-GenieEmulator, Invoke-EmulatorControl, Invoke-FreshPwsh
