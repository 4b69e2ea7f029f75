# Shared by the Pester tests: the published module, the workspace emulator process, and a clean pwsh to run code in.
Set-StrictMode -Version Latest

function Get-GenieModulePath {
    if (-not $env:GENIE_MODULE_PATH) { throw 'GENIE_MODULE_PATH is not set: run the tests through ./build.ps1 test.' }
    $env:GENIE_MODULE_PATH
}

# Starts tests/GenieObservability.Emulator on a free loopback port; returns an object with Url, TlsUrl (with
# -TlsCertificatePath, a PFX without password) and Process.
function Start-GenieEmulator {
    param([string] $SeedPath, [string] $TlsCertificatePath)
    if (-not $env:GENIE_EMULATOR_PATH -or -not (Test-Path $env:GENIE_EMULATOR_PATH)) { throw "The emulator was not built: $env:GENIE_EMULATOR_PATH" }
    $startInfo = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $startInfo.ArgumentList.Add($env:GENIE_EMULATOR_PATH)
    $startInfo.ArgumentList.Add('--port'); $startInfo.ArgumentList.Add('0')
    if ($SeedPath) { $startInfo.ArgumentList.Add('--seed'); $startInfo.ArgumentList.Add($SeedPath) }
    if ($TlsCertificatePath) { $startInfo.ArgumentList.Add('--tls-cert'); $startInfo.ArgumentList.Add($TlsCertificatePath) }
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardInput = $true
    $startInfo.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    $tlsUrl = $null
    while ([DateTime]::UtcNow -lt $deadline) {
        $line = $process.StandardOutput.ReadLine()
        if ($null -eq $line) { break }
        if ($line -match '^EMULATOR_TLS_URL=(.+)$') { $tlsUrl = $Matches[1] }
        if ($line -match '^EMULATOR_URL=(.+)$') {
            return [pscustomobject]@{ Url = $Matches[1]; TlsUrl = $tlsUrl; Process = $process }
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

# A self-signed RSA certificate written to <Directory>/<Name>.pfx (no password) and .pem (certificate only). With -Tls
# it names 127.0.0.1 and localhost, for the emulator's https endpoint; a process trusts it through SSL_CERT_FILE=<pem>.
function New-TestCertificate {
    param([Parameter(Mandatory)] [string] $Directory, [Parameter(Mandatory)] [string] $Name, [switch] $Tls)
    $key = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new("CN=$Name", $key,
        [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    if ($Tls) {
        $names = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
        $names.AddIpAddress([System.Net.IPAddress]::Loopback)
        $names.AddDnsName('localhost')
        $request.CertificateExtensions.Add($names.Build())
    }
    $certificate = $request.CreateSelfSigned([DateTimeOffset]::UtcNow.AddMinutes(-5), [DateTimeOffset]::UtcNow.AddDays(1))
    $pfx = Join-Path $Directory "$Name.pfx"
    $pem = Join-Path $Directory "$Name.pem"
    [System.IO.File]::WriteAllBytes($pfx, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx))
    Set-Content -Path $pem -Value $certificate.ExportCertificatePem()
    [pscustomobject]@{ Certificate = $certificate; Key = $key; PfxPath = $pfx; PemPath = $pem; Thumbprint = $certificate.Thumbprint }
}

# A JWT as a workload's identity provider issues it (RS256 over iss, sub, aud, exp), for Entra workload identity.
function New-FederatedToken {
    param([Parameter(Mandatory)] [System.Security.Cryptography.RSA] $Key, [Parameter(Mandatory)] [string] $Issuer,
        [Parameter(Mandatory)] [string] $Subject, [string] $Audience = 'api://AzureADTokenExchange')
    $encode = { param([byte[]] $bytes) [Convert]::ToBase64String($bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_') }
    $now = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
    $header = & $encode ([Text.Encoding]::UTF8.GetBytes((@{ alg = 'RS256'; typ = 'JWT' } | ConvertTo-Json -Compress)))
    $payload = & $encode ([Text.Encoding]::UTF8.GetBytes((@{ iss = $Issuer; sub = $Subject; aud = @($Audience); nbf = $now; exp = $now + 3600 } | ConvertTo-Json -Compress)))
    $signature = $Key.SignData([Text.Encoding]::ASCII.GetBytes("$header.$payload"), [System.Security.Cryptography.HashAlgorithmName]::SHA256,
        [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    "$header.$payload.$(& $encode $signature)"
}

# The folder of a package restored by the test projects (PackageDownload), e.g. azure.identity/1.12.1.
function Get-RestoredPackagePath {
    param([Parameter(Mandatory)] [string] $Id, [Parameter(Mandatory)] [string] $Version)
    $root = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list | Select-Object -First 1) -replace '^global-packages:\s*', '').Trim() }
    $path = Join-Path $root "$($Id.ToLowerInvariant())/$Version"
    if (-not (Test-Path $path)) { throw "Package $Id $Version was not restored to $path. Run 'dotnet restore GenieObs.sln'." }
    $path
}

Export-ModuleMember -Function Get-GenieModulePath, Start-GenieEmulator, Stop-GenieEmulator, Invoke-EmulatorControl, Invoke-FreshPwsh,
    New-TestCertificate, New-FederatedToken, Get-RestoredPackagePath
