# The native-prerequisite step of `build.ps1 test`, run against a PATH of shims for dpkg-query, apt-get, id, sudo, node,
# npm and dotnet that record how they were called: nothing on this machine is installed or removed.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:RepoRoot = if ($env:GENIE_REPO_ROOT) { $env:GENIE_REPO_ROOT } else { (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path }
    Import-Module (Join-Path $RepoRoot 'tools/TestPrerequisites.psm1') -Force
    $script:DpkgPackages = @('unixodbc', 'odbc-postgresql', 'libsqliteodbc', 'postgresql', 'chromium')

    # A folder of shims; every shim appends its command line to calls.log. State lives in files beside them:
    # installed (one package per line), uid, sudo-allowed, apt-fails.
    function New-ShimFolder {
        param([string[]] $Installed = $DpkgPackages, [string] $Uid = '0', [switch] $SudoAllowed, [switch] $AptFails, [switch] $NoNode, [switch] $NotDebian)
        $folder = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-shims-" + [guid]::NewGuid().ToString('N'))
        New-Item -ItemType Directory -Path $folder | Out-Null
        Set-Content -Path (Join-Path $folder 'installed') -Value $Installed
        Set-Content -Path (Join-Path $folder 'uid') -Value $Uid
        New-Item -ItemType File -Path (Join-Path $folder 'calls.log') | Out-Null
        if ($SudoAllowed) { New-Item -ItemType File -Path (Join-Path $folder 'sudo-allowed') | Out-Null }
        if ($AptFails) { New-Item -ItemType File -Path (Join-Path $folder 'apt-fails') | Out-Null }

        $head = "#!/bin/sh`nPATH=/usr/bin:/bin`ndir=`$(dirname `"`$0`")`n"
        $shims = @{
            'id'     = $head + 'echo "id $*" >> "$dir/calls.log"; cat "$dir/uid"'
            'sudo'   = $head + @'
[ -f "$dir/sudo-allowed" ] || { echo "sudo: a password is required" >&2; exit 1; }
[ "$1" = "-n" ] && shift
echo "sudo $*" >> "$dir/calls.log"
PATH="$dir:/usr/bin:/bin" exec "$@"
'@
            'dotnet' = $head + 'echo "dotnet $*" >> "$dir/calls.log"; exit 1'
        }
        if (-not $NotDebian) {
            $shims['dpkg-query'] = $head + @'
echo "dpkg-query $*" >> "$dir/calls.log"
for arg in "$@"; do
  case "$arg" in -*) continue ;; esac
  if grep -qx "$arg" "$dir/installed"; then printf '%s\tinstalled\n' "$arg"; else printf '%s\tnot-installed\n' "$arg"; fi
done
'@
            $shims['apt-get'] = $head + @'
echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> "$dir/calls.log"
echo "apt-get progress that belongs in the log only"
[ -f "$dir/apt-fails" ] && { echo "E: Unable to locate package"; exit 100; }
if [ "$1" = install ]; then
  for arg in "$@"; do case "$arg" in install|-*) ;; *) echo "$arg" >> "$dir/installed" ;; esac; done
fi
'@
        }
        if (-not $NoNode) {
            $shims['node'] = $head + 'exit 0'
            $shims['npm'] = $head + 'exit 0'
        }
        foreach ($name in $shims.Keys) {
            $path = Join-Path $folder $name
            Set-Content -Path $path -Value $shims[$name] -NoNewline
            & chmod +x $path
        }
        $folder
    }

    function Get-ShimCall {
        param([string] $Folder, [string] $Command)
        @(Get-Content (Join-Path $Folder 'calls.log') | Where-Object { $_ -like "$Command *" })
    }

    # Runs $Script with PATH holding only the shims.
    function Invoke-WithShimPath {
        param([string] $Folder, [scriptblock] $Script)
        $saved = $env:PATH
        $env:PATH = $Folder
        try { & $Script }
        finally { $env:PATH = $saved }
    }
}

Describe 'build.ps1 test: native prerequisites' {
    AfterEach {
        if ($script:Shims) { Remove-Item -Recurse -Force $script:Shims -ErrorAction SilentlyContinue }
    }

    It 'costs one dpkg-query call and installs nothing when everything is there' {
        $script:Shims = New-ShimFolder
        $result = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath (Join-Path $Shims 'out/prerequisites.log') }

        $result | Should -BeNullOrEmpty
        Get-ShimCall $Shims 'dpkg-query' | Should -HaveCount 1
        Get-ShimCall $Shims 'apt-get' | Should -HaveCount 0
        Get-ShimCall $Shims 'id' | Should -HaveCount 0
    }

    It 'as root installs what is missing, quietly, after one apt-get update, and only once' {
        $script:Shims = New-ShimFolder -Installed 'unixodbc', 'libsqliteodbc', 'postgresql'
        $log = Join-Path $Shims 'out/prerequisites.log'
        $first = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath $log 6>&1 }
        $second = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath $log 6>&1 }

        @($first | Where-Object { $null -ne $_ -and $_ -isnot [System.Management.Automation.InformationRecord] }) | Should -HaveCount 0 -Because 'success returns no message'
        ($first | Where-Object { $_ -is [System.Management.Automation.InformationRecord] } | ForEach-Object { "$_" }) |
            Should -Be "Installing the Debian packages the tests need: odbc-postgresql chromium (output in $log)"
        Get-ShimCall $Shims 'apt-get' | Should -Be @(
            'apt-get update -qq (DEBIAN_FRONTEND=noninteractive)'
            'apt-get install -y -qq odbc-postgresql chromium (DEBIAN_FRONTEND=noninteractive)'
        )
        Get-Content $log -Raw | Should -Match 'apt-get progress that belongs in the log only'
        $second | Should -BeNullOrEmpty
        Get-ShimCall $Shims 'dpkg-query' | Should -HaveCount 3   # before, after the install, and the second run
    }

    It 'installs through passwordless sudo when not root' {
        $script:Shims = New-ShimFolder -Installed 'unixodbc', 'odbc-postgresql', 'libsqliteodbc', 'postgresql' -Uid 1000 -SudoAllowed
        $result = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath (Join-Path $Shims 'out/prerequisites.log') 6>$null }

        $result | Should -BeNullOrEmpty
        Get-ShimCall $Shims 'sudo' | Should -Be @(
            'sudo true'
            'sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq'
            'sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'
        )
    }

    It 'counts Node.js by its commands, however it was installed' {
        $script:Shims = New-ShimFolder -NoNode -Uid 1000
        $result = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath (Join-Path $Shims 'out/prerequisites.log') }

        $result | Should -Be 'Missing Debian packages for the tests: nodejs npm. Install them, then run this again: sudo apt-get update && sudo apt-get install -y nodejs npm'
    }

    It 'says in one line what to run when it may not install, and installs nothing' {
        $script:Shims = New-ShimFolder -Installed 'unixodbc', 'libsqliteodbc', 'postgresql' -Uid 1000
        $result = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath (Join-Path $Shims 'out/prerequisites.log') }

        $result | Should -Be 'Missing Debian packages for the tests: odbc-postgresql chromium. Install them, then run this again: sudo apt-get update && sudo apt-get install -y odbc-postgresql chromium'
        Get-ShimCall $Shims 'apt-get' | Should -HaveCount 0
        Get-ShimCall $Shims 'sudo' | Should -HaveCount 0
    }

    It 'reports a failed install in one line with the log and the command' {
        $script:Shims = New-ShimFolder -Installed 'unixodbc', 'odbc-postgresql', 'libsqliteodbc', 'postgresql' -AptFails
        $result = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath (Join-Path $Shims 'out/prerequisites.log') 6>$null }

        $result | Should -Be "Installing chromium failed (apt-get exit code 100; its output is in $(Join-Path $Shims 'out/prerequisites.log')). Fix that, or run it by hand: sudo apt-get update && sudo apt-get install -y chromium"
        Get-ShimCall $Shims 'apt-get' | Should -Be @('apt-get update -qq (DEBIAN_FRONTEND=noninteractive)')
    }

    It 'outside Debian/Ubuntu names the packages and the way past the check' {
        $script:Shims = New-ShimFolder -NotDebian
        $result = Invoke-WithShimPath $Shims { Install-TestPrerequisite -LogPath (Join-Path $Shims 'out/prerequisites.log') }

        $result | Should -Be 'This build installs what the tests need on Debian/Ubuntu only (there: unixodbc odbc-postgresql libsqliteodbc postgresql chromium nodejs npm): install the same with your package manager, then run: dotnet pwsh ./build.ps1 test -SkipPrerequisites'
    }

    It 'stops build.ps1 test within seconds, before building, with that one line' {
        $script:Shims = New-ShimFolder -Installed 'unixodbc', 'odbc-postgresql', 'libsqliteodbc', 'postgresql' -Uid 1000
        $started = [System.Diagnostics.Stopwatch]::StartNew()
        $run = Invoke-FreshPwsh -Environment @{ PATH = $Shims } -Script "& '$(Join-Path $RepoRoot 'build.ps1')' test; exit `$LASTEXITCODE"
        $started.Stop()

        $run.ExitCode | Should -Be 1
        $run.Output | Should -Be @('Missing Debian packages for the tests: chromium. Install them, then run this again: sudo apt-get update && sudo apt-get install -y chromium')
        Get-ShimCall $Shims 'dotnet' | Should -HaveCount 0
        $started.Elapsed.TotalSeconds | Should -BeLessThan 30 -Because 'the check runs before anything is built'
    }
}
