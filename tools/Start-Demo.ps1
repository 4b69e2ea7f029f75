# The README's main command: runs against the published module. Later stages fill in the end-to-end job.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Root
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Write-Host "GenieObservability $((Get-Module GenieObservability).Version) - commands:"
Get-Command -Module GenieObservability | Sort-Object Noun, Verb | Format-Table Name, CommandType -AutoSize | Out-Host
