# Writes the pinned parameter lists of the published module's cmdlets (build.ps1 pin-parameters). Review the diff:
# a renamed or removed parameter breaks the scripts that use it.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $PinPath
)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
Import-Module (Join-Path $PSScriptRoot 'CmdletParameterPin.psm1')
$json = ConvertTo-CmdletParameterPinJson (Get-CmdletParameterPin -ModuleName (Get-Module -Name (Split-Path $ModulePath -LeafBase)).Name)
[System.IO.File]::WriteAllText($PinPath, $json + "`n", [System.Text.UTF8Encoding]::new($false))
