# Sync-GenieSpaceDetails, Export-GenieSpaceBackup and Publish-GenieSpace against the published module, two emulator
# processes (a dev and a prod workspace) and the embedded warehouse in a temp folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $script:SavedHome = $env:GENIE_OBSERVABILITY_HOME
    $script:TestHome = Join-Path ([IO.Path]::GetTempPath()) ("genie-spaces-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $TestHome | Out-Null
    $env:GENIE_OBSERVABILITY_HOME = $TestHome
    $script:Backups = Join-Path $TestHome 'spaces'

    $script:Pat = 'dapi-pester-spaces-0001'
    $script:SpaceA = '01f0aaaa000000000000000000000001'
    $script:SpaceB = '01f0bbbb000000000000000000000002'
    $script:SpaceC = '01f0cccc000000000000000000000003'

    function script:New-SerializedSpace([string] $Instruction = 'Revenue is net of refunds.') {
        [ordered]@{
            version      = 2
            config       = @{ sample_questions = @(@{ id = '01f0a1b2c3d4e5f60718293a4b5c6d7e'; question = @('What is in dev.sales.orders?') }) }
            data_sources = @{ tables = @(
                    @{ identifier = 'dev.sales.customers'; description = @('Customers') }
                    @{ identifier = 'dev.sales.orders'; description = @('Orders; the sandbox copy is my_dev.sales.orders') }) }
            instructions = @{
                text_instructions     = @(@{ id = '01f0a1b2c3d4e5f60718293a4b5c6d7f'; content = @('Use fiscal quarters.', $Instruction, 'Join dev.sales.orders to dev.sales.customers.') })
                example_question_sqls = @(@{ id = '01f0a1b2c3d4e5f60718293a4b5c6d80'; question = @('Top customers'); sql = @('SELECT c.name, SUM(o.amount)', 'FROM dev.sales.orders o JOIN dev.sales.customers c USING (customer_id)', 'GROUP BY 1') })
            }
            benchmarks   = @{ questions = @(@{ id = '01f0a1b2c3d4e5f60718293a4b5c6d81'; question = @('Orders'); answer = @(@{ format = 'SQL'; content = @('SELECT COUNT(*) FROM dev.sales.orders') }) }) }
        } | ConvertTo-Json -Depth 20 -Compress
    }
    function script:Set-DevSpace([string] $Id, [hashtable] $Fields) {
        $body = @{ space_id = $Id } + $Fields
        Invoke-EmulatorControl -Emulator $Dev -Path genie/spaces -Body $body | Out-Null
    }
    # An empty JSON array comes back as one empty array object: piping it enumerates it to nothing.
    function script:Get-Requests($Emulator) { @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET | ForEach-Object { $_ }) }
    function script:Clear-Requests($Emulator) { Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method DELETE | Out-Null }
    function script:Get-BackupFiles { @(Get-ChildItem -Path $Backups -Filter '*.json' -File | Where-Object Name -NotLike '.*' | Sort-Object Name) }

    $script:Dev = Start-GenieEmulator
    $script:Prod = Start-GenieEmulator
    Invoke-EmulatorControl -Emulator $Dev -Path seed -Body @{
        workspaceId = '1001'
        tokens      = @($Pat)
        genie       = @{ spaces = @(
                @{ space_id = $SpaceA; title = 'Sales'; description = 'Questions over dev.sales'; warehouse_id = 'wh-dev'; serialized_space = (New-SerializedSpace) }
                @{ space_id = $SpaceB; title = '../../etc/passwd'; warehouse_id = 'wh-dev'; serialized_space = (New-SerializedSpace 'B') }
                @{ space_id = $SpaceC; title = 'CON'; warehouse_id = 'wh-dev'; serialized_space = (New-SerializedSpace 'C') }) }
    } | Out-Null
    Invoke-EmulatorControl -Emulator $Prod -Path seed -Body @{ tokens = @($Pat); warehouses = @(@{ id = 'wh-prod-1'; name = 'Prod SQL' }) } | Out-Null

    $secure = ConvertTo-SecureString $Pat -AsPlainText -Force
    $script:ProdContext = Connect-GenieWorkspace -Host $Prod.Url -AccessToken $secure -PassThru
    $script:DevContext = Connect-GenieWorkspace -Host $Dev.Url -AccessToken $secure -PassThru

    # The silver table the default space list comes from: audit rows for spaces A and B (C is only reachable by piping).
    $now = [datetime]::UtcNow
    $audit = Join-Path $TestHome 'audit.json'
    @(foreach ($row in @(@($SpaceA, 'm1'), @($SpaceA, 'm2'), @($SpaceB, 'm3'), @('new', 'm4'))) {
            [ordered]@{
                account_id = 'acc'; workspace_id = '1001'; event_time = $now.AddHours(-1).ToString('yyyy-MM-ddTHH:mm:ss.fffZ'); event_date = $now.ToString('yyyy-MM-dd')
                service_name = 'aibiGenie'; action_name = 'getConversationMessage'; request_id = [guid]::NewGuid().ToString(); event_id = [guid]::NewGuid().ToString()
                user_identity = @{ email = 'ana@example.com' }; request_params = @{ space_id = $row[0]; conversation_id = 'c1'; message_id = $row[1] }; response = @{ status_code = 200 }
            } | ConvertTo-Json -Compress -Depth 5
        }) | Set-Content -Path $audit
    Import-GenieAuditLog -Path $audit -WorkspaceUrl @{ '1001' = $Dev.Url } | Out-Null
    Invoke-GeniePipelineRefresh | Out-Null
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    $env:GENIE_OBSERVABILITY_HOME = $SavedHome
    foreach ($emulator in @($Dev, $Prod)) { if ($emulator) { Stop-GenieEmulator -Emulator $emulator } }
    Remove-Item -Recurse -Force $TestHome -ErrorAction SilentlyContinue
}

Describe 'Sync-GenieSpaceDetails and Export-GenieSpaceBackup' {
    It 'syncs every space of the silver table and writes one canonical file each, inside -Path' {
        $details = @(Sync-GenieSpaceDetails -InformationVariable run)
        $details | Should -BeOfType ([GenieObservability.GenieSpaceDetail])
        ($details.SpaceId | Sort-Object) | Should -Be @($SpaceA, $SpaceB)
        $details.FetchStatus | Should -Be @('OK', 'OK')
        ($details | Where-Object SpaceId -EQ $SpaceA).SerializedSpaceJson | ConvertFrom-Json | ForEach-Object { $_.version } | Should -Be 2
        $run.MessageData.Succeeded | Should -Be 2
        $run.MessageData.Changed | Should -Be 2

        $results = @($details | Export-GenieSpaceBackup -Path $Backups -PassThru)
        $results.Changed | Should -Be @($true, $true)
        $files = Get-BackupFiles
        ($files.Name | Sort-Object) | Should -Be (@("Sales__$SpaceA.json", "etc_passwd__$SpaceB.json") | Sort-Object)
        $files | ForEach-Object { $_.DirectoryName | Should -Be (Resolve-Path $Backups).ProviderPath }
        $text = [IO.File]::ReadAllText($files[0].FullName)
        $text | Should -Not -Match "`r"
        $text.EndsWith("}`n") | Should -BeTrue
        $text | Should -Not -Match 'etag|content_hash|update_time'
        Test-Path (Join-Path $Backups '.genie-backup-index.json') | Should -BeTrue
    }

    It 'gives a safe name to a reserved device title and takes piped Get-GenieSpace output' {
        $detail = Get-GenieSpace -SpaceId $SpaceC | Sync-GenieSpaceDetails
        $detail.WorkspaceId | Should -Not -BeNullOrEmpty
        $result = $detail | Export-GenieSpaceBackup -Path $Backups -PassThru
        $result.File.Name | Should -Be "_CON__$SpaceC.json"
        $result.File.DirectoryName | Should -Be (Resolve-Path $Backups).ProviderPath
    }

    It 'does not rewrite the files of unchanged spaces' {
        $before = Get-BackupFiles | ForEach-Object { $_.LastWriteTimeUtc = [datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc); @{ Path = $_.FullName; Bytes = [IO.File]::ReadAllBytes($_.FullName) } }

        $results = @(Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $Backups -PassThru)

        $results.Changed | Should -Be @($false, $false)
        foreach ($file in $before) {
            [IO.File]::ReadAllBytes($file.Path) | Should -Be $file.Bytes
            (Get-Item $file.Path).LastWriteTimeUtc | Should -Be ([datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc))
        }
    }

    It 'keeps the row and the file byte-identical when the next fetch answers <Kind>' -ForEach @(
        @{ Kind = '503'; Status = 'FAILED' }
        @{ Kind = '403'; Status = 'FORBIDDEN' }
        @{ Kind = 'an empty serialized_space'; Status = 'EMPTY' }
    ) {
        $file = Join-Path $Backups "Sales__$SpaceA.json"
        $bytes = [IO.File]::ReadAllBytes($file)
        if ($Kind -eq 'an empty serialized_space') {
            $good = Get-GenieSpace -SpaceId $SpaceA
            Set-DevSpace $SpaceA @{ serialized_space = '' }
        }
        else {
            Invoke-EmulatorControl -Emulator $Dev -Path faults -Body @{ method = 'GET'; pathPattern = "/spaces/$SpaceA`$"; status = [int]$Kind } | Out-Null
        }

        try {
            $detail = Sync-GenieSpaceDetails -SpaceId $SpaceA -WarningAction SilentlyContinue
            $result = $detail | Export-GenieSpaceBackup -Path $Backups -PassThru -WarningAction SilentlyContinue
            $fromTable = Export-GenieSpaceBackup -Path (Join-Path $TestHome "table-$Status") -FromWarehouse -SpaceId $SpaceA -PassThru
        }
        finally {
            Invoke-EmulatorControl -Emulator $Dev -Path faults -Method DELETE | Out-Null
        }

        $detail.FetchStatus | Should -Be $Status
        $detail.Title | Should -Be 'Sales'
        $detail.HasContent | Should -BeTrue
        $result.Changed | Should -BeFalse
        $result.SkippedReason | Should -Not -BeNullOrEmpty
        [IO.File]::ReadAllBytes($file) | Should -Be $bytes
        # The row still holds the last good configuration: a backup written from the table is the same file.
        [IO.File]::ReadAllBytes($fromTable.File.FullName) | Should -Be $bytes
    }

    It 'turns one changed instruction into a one-hunk diff' {
        $file = Join-Path $Backups "Sales__$SpaceA.json"
        Set-DevSpace $SpaceA @{ serialized_space = (New-SerializedSpace) }
        Sync-GenieSpaceDetails -SpaceId $SpaceA | Export-GenieSpaceBackup -Path $Backups
        $before = [IO.File]::ReadAllLines($file)

        Set-DevSpace $SpaceA @{ serialized_space = (New-SerializedSpace 'Revenue includes refunds.') }
        $result = Sync-GenieSpaceDetails -SpaceId $SpaceA | Export-GenieSpaceBackup -Path $Backups -PassThru
        $after = [IO.File]::ReadAllLines($file)

        $result.Changed | Should -BeTrue
        $before.Count | Should -Be $after.Count
        $changed = @(0..($before.Count - 1) | Where-Object { $before[$_] -cne $after[$_] })
        $changed.Count | Should -Be 1
        $after[$changed[0]] | Should -BeLike '*Revenue includes refunds.*'
        Set-DevSpace $SpaceA @{ serialized_space = (New-SerializedSpace) }
    }

    It '-WhatIf writes no file' {
        $folder = Join-Path $TestHome 'whatif'
        Sync-GenieSpaceDetails -SpaceId $SpaceA | Export-GenieSpaceBackup -Path $folder -WhatIf
        Test-Path $folder | Should -BeFalse
    }
}

Describe 'Publish-GenieSpace' {
    BeforeAll {
        Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $Backups
        $script:SalesFile = Join-Path $Backups "Sales__$SpaceA.json"
    }

    It '-WhatIf sends only GET requests and shows the plan' {
        Clear-Requests $Prod
        $plan = @(Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'prod' } -WhatIf)

        $plan.Action | Should -Be 'Create'
        $plan.WhatIf | Should -BeTrue
        $plan.TargetSpaceId | Should -BeNullOrEmpty
        @(Get-Requests $Prod | Where-Object { $_.method -ne 'GET' }).Count | Should -Be 0
        Test-Path (Join-Path $Backups '.genie-publish-map.json') | Should -BeFalse
    }

    It 'creates the space with dev.sales rewritten everywhere and my_dev.sales untouched' {
        $result = Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'prod' } -Confirm:$false

        $result.Action | Should -Be 'Create'
        $script:TargetId = $result.TargetSpaceId
        $target = Get-GenieSpace -SpaceId $TargetId -Context $ProdContext -IncludeSerializedSpace
        $target.WarehouseId | Should -Be 'wh-prod-1'
        $target.Description | Should -Be 'Questions over prod.sales'
        $target.SerializedSpace | Should -Match 'prod\.sales\.orders'
        $target.SerializedSpace | Should -Match 'my_dev\.sales\.orders'
        ($target.SerializedSpace -replace 'my_dev\.sales', '') | Should -Not -Match 'dev\.sales'
        $map = Get-Content (Join-Path $Backups '.genie-publish-map.json') -Raw | ConvertFrom-Json
        $map.spaces[0].target_space_id | Should -Be $TargetId
    }

    It 'sends no write when the same files are published again' {
        Clear-Requests $Prod
        $result = Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'prod' } -Confirm:$false

        $result.Action | Should -Be 'Unchanged'
        $result.TargetSpaceId | Should -Be $TargetId
        @(Get-Requests $Prod | Where-Object { $_.method -ne 'GET' }).Count | Should -Be 0
    }

    It 'recreates a target deleted since the last publish and updates the map' {
        Invoke-GenieApiRequest -Method DELETE -Path "/api/2.0/genie/spaces/$TargetId" -Context $ProdContext -Confirm:$false | Out-Null

        $result = Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'prod' } -Confirm:$false

        $result.Action | Should -Be 'Recreate'
        $result.TargetSpaceId | Should -Not -Be $TargetId
        $map = Get-Content (Join-Path $Backups '.genie-publish-map.json') -Raw | ConvertFrom-Json
        $map.spaces[0].target_space_id | Should -Be $result.TargetSpaceId
    }

    It 'reports a bad catalog map before sending anything' {
        Clear-Requests $Prod
        { Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseId 'w' -CatalogMap @{ 'dev' = 'prod.sales' } -Confirm:$false } | Should -Throw -ErrorId 'InvalidCatalogMap*'
        $sent = @(Get-Requests $Prod)
        $sent.Count | Should -Be 0 -Because (($sent | ForEach-Object { "$($_.method) $($_.path)" }) -join ', ')

    }
}
