# The space part of the demo, called by tools/Start-Demo.ps1 after its job ran with -SyncSpaces (so
# genie_space_details is filled) in the same session: the module is loaded, the source emulator is the current
# connection and the demo warehouse is connected. It starts a SECOND local emulator as the target workspace, writes
# canonical backups under <DemoHome>/spaces, shows the -WhatIf plan, publishes with a catalog map and re-publishes
# (a no-op). Returns the counts for the demo's closing summary.
param(
    [Parameter(Mandatory)] [string] $DemoHome,
    [Parameter(Mandatory)] [securestring] $AccessToken,
    [Parameter(Mandatory)] [int] $Step,
    [Parameter(Mandatory)] [int] $StepCount
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$source = Get-GenieContext
$target = Start-GenieEmulator
try {
    $token = [System.Net.NetworkCredential]::new('', $AccessToken).Password
    Invoke-EmulatorControl -Emulator $target -Path seed -Body @{ workspaceId = '2222222222222222'; tokens = @($token); warehouses = @(@{ id = '9f8e7d6c5b4a3210'; name = 'Prod SQL' }) } | Out-Null
    $prod = Connect-GenieWorkspace -Host $target.Url -AccessToken $AccessToken -PassThru
    Connect-GenieWorkspace -Host $source.Host -AccessToken $AccessToken   # the source stays the current connection

    function Get-TargetWrites { @(Invoke-EmulatorControl -Emulator $target -Path requests -Method GET | ForEach-Object { $_ } | Where-Object method -NE 'GET').Count }

    $backups = Join-Path $DemoHome 'spaces'
    Write-Host "`n[$Step/$StepCount] Export-GenieSpaceBackup -FromWarehouse -Path $backups   (one canonical JSON file per space)"
    $exported = @(Export-GenieSpaceBackup -FromWarehouse -Path $backups -PassThru)
    $exported | Format-Table Title, Changed, @{ Label = 'File'; Expression = { $_.File.Name } } -AutoSize | Out-Host
    $first = Get-ChildItem $backups -Filter '*.json' | Where-Object Name -NotLike '.*' | Sort-Object Name | Select-Object -First 1
    Write-Host "  $($first.Name) (first 12 lines):"
    Get-Content $first.FullName | Select-Object -First 12 | ForEach-Object { Write-Host "    $_" }
    $again = @(Export-GenieSpaceBackup -FromWarehouse -Path $backups -PassThru)
    Write-Host "  Exported again: $(@($again | Where-Object Changed).Count) of $($again.Count) files changed."

    $catalogMap = @{ main = 'prod' }
    $Step++
    Write-Host "`n[$Step/$StepCount] Publish-GenieSpace -Path $backups -Context `$prod -WarehouseName 'Prod SQL' -CatalogMap @{ main = 'prod' } -WhatIf"
    Write-Host "  target workspace: the SECOND LOCAL EMULATOR at $($target.Url)"
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    Publish-GenieSpace -Path $backups -Context $prod -WarehouseName 'Prod SQL' -CatalogMap $catalogMap -WhatIf -WarningAction SilentlyContinue | Format-Table Action, Title, Changes -AutoSize | Out-Host
    $whatIfWrites = Get-TargetWrites
    Write-Host "  Requests other than GET sent to the target during -WhatIf: $whatIfWrites"

    $Step++
    Write-Host "`n[$Step/$StepCount] Publish-GenieSpace ... -Confirm:`$false, then the same again"
    $published = @(Publish-GenieSpace -Path $backups -Context $prod -WarehouseName 'Prod SQL' -CatalogMap $catalogMap -Confirm:$false)
    $published | Format-Table Action, Title, TargetSpaceId -AutoSize | Out-Host
    $sample = Get-GenieSpace -SpaceId $published[0].TargetSpaceId -Context $prod -IncludeSerializedSpace
    Write-Host "  Target '$($sample.Title)' on warehouse $($sample.WarehouseId): $($sample.SerializedSpace)"
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    $republished = @(Publish-GenieSpace -Path $backups -Context $prod -WarehouseName 'Prod SQL' -CatalogMap $catalogMap -Confirm:$false)
    $republished | Format-Table Action, Title, TargetSpaceId -AutoSize | Out-Host
    $republishWrites = Get-TargetWrites
    Write-Host "  Writes sent by the second publish: $republishWrites. Map: $(Join-Path $backups '.genie-publish-map.json')"

    [pscustomobject]@{
        Backups         = $exported.Count
        TargetUrl       = $target.Url
        Published       = ($published | Group-Object Action | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '
        Republished     = ($republished | Group-Object Action | ForEach-Object { "$($_.Name)=$($_.Count)" }) -join ', '
        WhatIfWrites    = $whatIfWrites
        RepublishWrites = $republishWrites
    }
}
finally {
    Stop-GenieEmulator -Emulator $target
}
