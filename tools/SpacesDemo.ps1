# The space part of the demo, called by tools/Start-Demo.ps1 after its job ran with -SyncSpaces (so
# genie_space_details is filled) in the same session: the module is loaded, the source emulator is the current
# connection and the demo warehouse is connected. It starts a SECOND local emulator as the target workspace, writes
# canonical backups under <DemoHome>/spaces and a Databricks bundle under <DemoHome>/bundle, shows the -WhatIf plan
# (the pre-flight blocks spaces whose tables the target lacks), creates those tables, publishes the bundle and
# re-publishes it (a no-op), then compares the source's live spaces with the backups. Returns the counts for the
# demo's closing summary.
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
    $bundle = Join-Path $DemoHome 'bundle'
    $bundled = @(Export-GenieSpaceBackup -FromWarehouse -Path $bundle -Format Bundle -PassThru)
    Write-Host "  As a Databricks bundle in $bundle (databricks bundle deploy --var warehouse_id=...): $(($bundled.ResourceFile.Name | Sort-Object) -join ', ')"

    $Step++
    Write-Host "`n[$Step/$StepCount] Publish-GenieSpace -Path $bundle -Context `$prod -WarehouseName 'Prod SQL' -WhatIf"
    Write-Host "  target workspace: the SECOND LOCAL EMULATOR at $($target.Url); its Unity Catalog has none of the spaces' tables yet"
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    Publish-GenieSpace -Path $bundle -Context $prod -WarehouseName 'Prod SQL' -WhatIf -WarningAction SilentlyContinue | Format-Table Action, Title, @{ Label = 'Missing in the target'; Expression = { $_.Missing -join ', ' } } -AutoSize | Out-Host
    $whatIfWrites = Get-TargetWrites
    Write-Host "  Requests other than GET sent to the target during -WhatIf: $whatIfWrites"

    $Step++
    $tables = @(Get-ChildItem (Join-Path $bundle 'src') -Filter '*.geniespace.json' | ForEach-Object { (Get-Content $_.FullName -Raw | ConvertFrom-Json).data_sources.tables.identifier } | Sort-Object -Unique)
    Write-Host "`n[$Step/$StepCount] Create the $($tables.Count) tables in the target, then Publish-GenieSpace ... -Confirm:`$false, and the same again"
    foreach ($statement in @($tables | ForEach-Object { $_.Substring(0, $_.LastIndexOf('.')) } | Sort-Object -Unique | ForEach-Object { "CREATE SCHEMA IF NOT EXISTS $_" }) + @($tables | ForEach-Object { "CREATE TABLE IF NOT EXISTS $_ (id INT)" })) {
        Invoke-GenieApiRequest -Method POST -Path /api/2.0/sql/statements -Context $prod -Body @{ warehouse_id = '9f8e7d6c5b4a3210'; statement = $statement; wait_timeout = '30s' } -Confirm:$false | Out-Null
    }
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    $published = @(Publish-GenieSpace -Path $bundle -Context $prod -WarehouseName 'Prod SQL' -Confirm:$false)
    $published | Format-Table Action, Title, TargetSpaceId -AutoSize | Out-Host
    $sample = Get-GenieSpace -SpaceId $published[0].TargetSpaceId -Context $prod -IncludeSerializedSpace
    Write-Host "  Target '$($sample.Title)' on warehouse $($sample.WarehouseId): $($sample.SerializedSpace)"
    Invoke-EmulatorControl -Emulator $target -Path requests -Method DELETE | Out-Null
    $republished = @(Publish-GenieSpace -Path $bundle -Context $prod -WarehouseName 'Prod SQL' -Confirm:$false)
    $republished | Format-Table Action, Title, TargetSpaceId -AutoSize | Out-Host
    $republishWrites = Get-TargetWrites
    Write-Host "  Writes sent by the second publish: $republishWrites. Map: $(Join-Path $bundle '.genie-publish-map.json')"
    $drift = @(Compare-GenieSpaceBackup -Path $backups)
    Write-Host "  Compare-GenieSpaceBackup -Path $backups (source workspace): $(($drift | Group-Object Status | ForEach-Object { "$($_.Count) $($_.Name)" }) -join ', ')"

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
