# The space part of the demo: sync the spaces' configurations, back them up as canonical files under out/demo/spaces,
# and promote them to a SECOND emulated workspace with a catalog map - only ever against local emulators on loopback.
# Meant to run after the message job of tools/Start-Demo.ps1 in the same session (it reuses that connection and
# warehouse); run on its own, it starts the demo source emulator itself and syncs the spaces Get-GenieSpace lists.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Root
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module $ModulePath
Import-Module (Join-Path $Root 'tests/pester/TestHelpers.psm1')
if (-not $env:GENIE_EMULATOR_PATH) {
    $env:GENIE_EMULATOR_PATH = @('Release', 'Debug') |
        ForEach-Object { Join-Path $Root "tests/GenieObservability.Emulator/bin/$_/net10.0/GenieObservability.Emulator.dll" } |
        Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $env:GENIE_EMULATOR_PATH) { throw 'The workspace emulator is not built: run ./build.ps1 build first.' }
}

$demoHome = Join-Path $Root 'out/demo'
New-Item -ItemType Directory -Force -Path $demoHome | Out-Null
if (-not $env:GENIE_OBSERVABILITY_HOME) { $env:GENIE_OBSERVABILITY_HOME = $demoHome }
$seedPath = Join-Path $Root 'tests/data/demo/workspace-seed.json'
$token = (Get-Content -Raw $seedPath | ConvertFrom-Json).tokens[0]
$secureToken = ConvertTo-SecureString $token -AsPlainText -Force
$started = @()
try {
    $context = Get-GenieContext
    if (-not $context -or -not $context.Host) {
        $source = Start-GenieEmulator -SeedPath $seedPath
        $started += $source
        Connect-GenieWorkspace -Host $source.Url -AccessToken $secureToken
        $context = Get-GenieContext
    }

    $target = Start-GenieEmulator
    $started += $target
    Invoke-EmulatorControl -Emulator $target -Path seed -Body @{ workspaceId = '2222222222222222'; tokens = @($token); warehouses = @(@{ id = '9f8e7d6c5b4a3210'; name = 'Prod SQL' }) } | Out-Null
    $prod = Connect-GenieWorkspace -Host $target.Url -AccessToken $secureToken -PassThru
    Connect-GenieWorkspace -Host $context.Host -AccessToken $secureToken   # the source stays the current connection

    Write-Host "`nSpaces: source workspace $($context.Host) -> target workspace $($target.Url) (both LOCAL EMULATORS)"

    Write-Host "`n[spaces 1/4] Sync-GenieSpaceDetails   (every space with messages in silver -> genie_space_details)"
    try { $details = @(Sync-GenieSpaceDetails -InformationVariable run) }
    catch {
        if ($_.FullyQualifiedErrorId -notlike 'NoMessagesToFetchTable*') { throw }
        Write-Host '  (no silver table yet: syncing the spaces Get-GenieSpace lists)'
        $details = @(Get-GenieSpace | Sync-GenieSpaceDetails -InformationVariable run)
    }
    $details | Format-Table -AutoSize | Out-Host
    Write-Host "  $($run.MessageData)"

    $backups = Join-Path $demoHome 'spaces'
    Write-Host "[spaces 2/4] Export-GenieSpaceBackup -Path $backups   (one canonical JSON file per space; unchanged files are not rewritten)"
    $details | Export-GenieSpaceBackup -Path $backups -PassThru | Format-Table -AutoSize | Out-Host
    $first = Get-ChildItem $backups -Filter '*.json' | Where-Object Name -NotLike '.*' | Sort-Object Name | Select-Object -First 1
    Write-Host "  $($first.Name):"
    Get-Content $first.FullName | Select-Object -First 24 | ForEach-Object { Write-Host "    $_" }
    $again = @($details | Export-GenieSpaceBackup -Path $backups -PassThru)
    Write-Host "  Exported again: $(@($again | Where-Object Changed).Count) of $($again.Count) files changed."

    $catalogMap = @{ main = 'prod' }
    Write-Host "`n[spaces 3/4] Publish-GenieSpace -Path $backups -Context `$prod -WarehouseName 'Prod SQL' -CatalogMap @{ main = 'prod' } -WhatIf"
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    Publish-GenieSpace -Path $backups -Context $prod -WarehouseName 'Prod SQL' -CatalogMap $catalogMap -WhatIf | Format-Table -AutoSize | Out-Host
    $writes = @(Invoke-EmulatorControl -Emulator $target -Path requests -Method GET | ForEach-Object { $_ } | Where-Object method -NE 'GET').Count
    Write-Host "  Requests other than GET sent to the target during -WhatIf: $writes"

    Write-Host "`n[spaces 4/4] Publish-GenieSpace ... -Confirm:`$false, then the same again"
    $published = @(Publish-GenieSpace -Path $backups -Context $prod -WarehouseName 'Prod SQL' -CatalogMap $catalogMap -Confirm:$false)
    $published | Format-Table -AutoSize | Out-Host
    $sample = Get-GenieSpace -SpaceId $published[0].TargetSpaceId -Context $prod -IncludeSerializedSpace
    Write-Host "  Target '$($sample.Title)' on warehouse $($sample.WarehouseId): $($sample.SerializedSpace)"
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    Publish-GenieSpace -Path $backups -Context $prod -WarehouseName 'Prod SQL' -CatalogMap $catalogMap -Confirm:$false | Format-Table -AutoSize | Out-Host
    $writes = @(Invoke-EmulatorControl -Emulator $target -Path requests -Method GET | ForEach-Object { $_ } | Where-Object method -NE 'GET').Count
    Write-Host "  Writes sent by the second publish: $writes. Map: $(Join-Path $backups '.genie-publish-map.json')"
}
finally {
    foreach ($emulator in $started) { Stop-GenieEmulator -Emulator $emulator }
}
