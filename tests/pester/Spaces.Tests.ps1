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
    function script:Get-Writes($Emulator) { @(Get-Requests $Emulator | Where-Object { $_.method -ne 'GET' }) }
    # SQL in the target workspace's warehouse: the tables its Unity Catalog answers for (catalog main).
    function script:Invoke-ProdSql([string[]] $Statement) {
        foreach ($sql in $Statement) {
            $response = Invoke-GenieApiRequest -Method POST -Path /api/2.0/sql/statements -Context $ProdContext -Body @{ warehouse_id = 'wh-prod-1'; statement = $sql; wait_timeout = '30s' } -Confirm:$false
            $response.status.state | Should -Be 'SUCCEEDED'
        }
    }

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
    # The promotion pre-flight looks the spaces' tables up in the target: dev.sales.* maps to main.sales.* there.
    Invoke-ProdSql 'CREATE SCHEMA main.sales', 'CREATE TABLE main.sales.customers (customer_id INT, name STRING)', 'CREATE TABLE main.sales.orders (customer_id INT, amount DOUBLE)'

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
            # With Retry-After: 0 the client's eight attempts take a second, not the minute of its own backoff.
            Invoke-EmulatorControl -Emulator $Dev -Path faults -Body @{ method = 'GET'; pathPattern = "/spaces/$SpaceA`$"; status = [int]$Kind; retryAfterSeconds = 0 } | Out-Null
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
        $plan = @(Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'main' } -WhatIf)

        $plan.Action | Should -Be 'Create'
        $plan.WhatIf | Should -BeTrue
        $plan.TargetSpaceId | Should -BeNullOrEmpty
        @(Get-Requests $Prod | Where-Object { $_.method -ne 'GET' }).Count | Should -Be 0
        Test-Path (Join-Path $Backups '.genie-publish-map.json') | Should -BeFalse
    }

    It 'creates the space with dev.sales rewritten everywhere and my_dev.sales untouched' {
        $result = Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'main' } -Confirm:$false

        $result.Action | Should -Be 'Create'
        $result.Missing | Should -BeNullOrEmpty
        $script:TargetId = $result.TargetSpaceId
        $target = Get-GenieSpace -SpaceId $TargetId -Context $ProdContext -IncludeSerializedSpace
        $target.WarehouseId | Should -Be 'wh-prod-1'
        $target.Description | Should -Be 'Questions over main.sales'
        $target.SerializedSpace | Should -Match 'main\.sales\.orders'
        $target.SerializedSpace | Should -Match 'my_dev\.sales\.orders'
        ($target.SerializedSpace -replace 'my_dev\.sales', '') | Should -Not -Match 'dev\.sales'
        $map = Get-Content (Join-Path $Backups '.genie-publish-map.json') -Raw | ConvertFrom-Json
        $map.spaces[0].target_space_id | Should -Be $TargetId
    }

    It 'sends no write when the same files are published again' {
        Clear-Requests $Prod
        $result = Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'main' } -Confirm:$false

        $result.Action | Should -Be 'Unchanged'
        $result.TargetSpaceId | Should -Be $TargetId
        @(Get-Requests $Prod | Where-Object { $_.method -ne 'GET' }).Count | Should -Be 0
    }

    It 'recreates a target deleted since the last publish and updates the map' {
        Invoke-GenieApiRequest -Method DELETE -Path "/api/2.0/genie/spaces/$TargetId" -Context $ProdContext -Confirm:$false | Out-Null

        $result = Publish-GenieSpace -Path $SalesFile -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'main' } -Confirm:$false

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

Describe 'Spaces as code: bundles, drift, etag conflicts, every space, pre-flight' {
    BeforeAll {
        $script:Bundle = Join-Path $TestHome 'bundle'
        # The xUnit schema check (YamlDotNet + JsonSchema.Net, test project only) run on a bundle this suite exported.
        function script:Test-BundleSchema([string] $Root) {
            $tests = $env:GENIE_EMULATOR_PATH -replace 'GenieObservability\.Emulator', 'GenieObservability.Engine.Tests'
            $env:GENIE_BUNDLE_TO_VALIDATE = $Root
            try { $output = & dotnet test $tests --filter 'FullyQualifiedName~SpaceBundleSchemaTests.An_exported_space_bundle_matches_the_CLI_bundle_schema' 2>&1 | ForEach-Object { "$_" } }
            finally { Remove-Item Env:GENIE_BUNDLE_TO_VALIDATE }
            [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = $output -join "`n" }
        }
        function script:Get-ProdSpace([string] $Id) { Get-GenieSpace -SpaceId $Id -Context $ProdContext -IncludeSerializedSpace }
    }

    It 'exports a bundle the CLI schema accepts and a second export rewrites nothing' {
        $results = @(Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $Bundle -Format Bundle -PassThru)

        $results.Format | Sort-Object -Unique | Should -Be 'Bundle'
        ($results.ResourceFile.Name | Sort-Object) | Should -Be @('etc_passwd.genie_space.yml', 'sales.genie_space.yml')
        # Exactly the serialized space, as the CLI's bundle generate formats it: sorted keys, two-space indentation, trailing newline.
        $json = [IO.File]::ReadAllText((Join-Path $Bundle 'src/sales.geniespace.json'))
        $json | Should -Match '^\{\n  "benchmarks": \{\n    "questions": \[\n'
        $json.EndsWith("}`n") | Should -BeTrue
        ($json | ConvertFrom-Json).instructions.text_instructions[0].content | Should -Be @('Use fiscal quarters.', 'Revenue is net of refunds.', 'Join dev.sales.orders to dev.sales.customers.')
        Get-Content (Join-Path $Bundle 'resources/sales.genie_space.yml') -Raw | Should -Match 'warehouse_id: \$\{var\.warehouse_id\}'
        Test-Path (Join-Path $Bundle 'databricks.yml') | Should -BeTrue

        $check = Test-BundleSchema $Bundle
        $check.ExitCode | Should -Be 0 -Because $check.Output

        $files = Get-ChildItem $Bundle -Recurse -File
        $files | ForEach-Object { $_.LastWriteTimeUtc = [datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc) }
        $bytes = $files | ForEach-Object { , [IO.File]::ReadAllBytes($_.FullName) }
        $again = @(Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $Bundle -Format Bundle -PassThru)
        $again.Changed | Should -Be @($false, $false)
        for ($i = 0; $i -lt $files.Count; $i++) {
            [IO.File]::ReadAllBytes($files[$i].FullName) | Should -Be $bytes[$i]
            (Get-Item $files[$i].FullName).LastWriteTimeUtc | Should -Be ([datetime]::new(2020, 1, 1, 0, 0, 0, [DateTimeKind]::Utc))
        }
    }

    It 'publishes from the bundle layout: -WhatIf sends only GETs, then it creates the spaces' {
        Clear-Requests $Prod
        $plan = @(Publish-GenieSpace -Path $Bundle -Context $ProdContext -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'main' } -WhatIf)
        $plan.Action | Should -Be @('Create', 'Create')
        @(Get-Writes $Prod).Count | Should -Be 0
        @(Get-Requests $Prod | Where-Object path -Like '/api/2.1/unity-catalog/tables/*').Count | Should -BeGreaterThan 0

        $published = @(Publish-GenieSpace -Path $Bundle -Context $ProdContext -WarehouseName 'Prod SQL' -CatalogMap @{ dev = 'main' } -Confirm:$false)

        $published.Action | Should -Be @('Create', 'Create')
        ($published | Where-Object SourceSpaceId -EQ $SpaceA).SourceFile | Should -BeLike '*sales.genie_space.yml'
        $script:BundleTarget = ($published | Where-Object SourceSpaceId -EQ $SpaceA).TargetSpaceId
        (Get-ProdSpace $BundleTarget).SerializedSpace | Should -Match 'main\.sales\.orders'
        (Get-Content (Join-Path $Bundle '.genie-publish-map.json') -Raw | ConvertFrom-Json).spaces.target_space_id | Should -Contain $BundleTarget
    }

    It 'writes nothing when the target is edited between plan and apply, says Conflict and why, and -Force overwrites' {
        Set-DevSpace $SpaceA @{ serialized_space = (New-SerializedSpace 'Revenue excludes tax.') }
        Sync-GenieSpaceDetails -SpaceId $SpaceA | Export-GenieSpaceBackup -Path $Bundle -Format Bundle
        $resource = Join-Path $Bundle 'resources/sales.genie_space.yml'
        # Someone saves the target right after the plan's GET.
        $theirs = (New-SerializedSpace 'Edited in production.') -replace 'dev\.sales', 'main.sales'
        Invoke-EmulatorControl -Emulator $Prod -Path faults -Body @{ method = 'GET'; pathPattern = "/api/2.0/genie/spaces/$BundleTarget`$"; kind = 'SeedAfterResponse'; times = 1; body = (@{ genie = @{ spaces = @(@{ space_id = $BundleTarget; serialized_space = $theirs }) } } | ConvertTo-Json -Depth 10 -Compress) } | Out-Null
        Clear-Requests $Prod
        try {
            $result = Publish-GenieSpace -Path $resource -Context $ProdContext -CatalogMap @{ dev = 'main' } -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue
        }
        finally { Invoke-EmulatorControl -Emulator $Prod -Path faults -Method DELETE | Out-Null }

        $result.Action | Should -Be 'Conflict'
        $result.Reason | Should -Match 'changed after the plan read it.*etag'
        $warned | Should -Match '1 of 1 space\(s\) were not published: 1 conflict'
        @(Get-Writes $Prod).Count | Should -Be 0
        (Get-ProdSpace $BundleTarget).SerializedSpace | Should -Match 'Edited in production'

        $forced = Publish-GenieSpace -Path $resource -Context $ProdContext -CatalogMap @{ dev = 'main' } -Force -Confirm:$false
        $forced.Action | Should -Be 'Update'
        (Get-ProdSpace $BundleTarget).SerializedSpace | Should -Match 'Revenue excludes tax'
    }

    It 'blocks a space whose table the target lacks, naming it, with GETs only under -WhatIf' {
        $hr = '01f0eeee000000000000000000000005'
        $serialized = (New-SerializedSpace 'People analytics.') -replace 'dev\.sales\.customers', 'dev.hr.people'
        Set-DevSpace $hr @{ title = 'HR'; warehouse_id = 'wh-dev'; serialized_space = $serialized }
        Get-GenieSpace -SpaceId $hr | Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $Bundle -Format Bundle
        $resource = Join-Path $Bundle 'resources/hr.genie_space.yml'
        Clear-Requests $Prod

        $planned = Publish-GenieSpace -Path $resource -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'main' } -WhatIf -WarningAction SilentlyContinue
        $result = Publish-GenieSpace -Path $resource -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'main' } -Confirm:$false -WarningVariable warned -WarningAction SilentlyContinue

        $planned.Action | Should -Be 'Blocked'
        $result.Action | Should -Be 'Blocked'
        $result.Missing | Should -Be @('main.hr.people')
        $result.Reason | Should -Match 'main\.hr\.people'
        $result.TargetSpaceId | Should -BeNullOrEmpty
        $warned | Should -Match '1 blocked'
        @(Get-Writes $Prod).Count | Should -Be 0
    }

    It 'makes a missing -ParentPath folder only when not -WhatIf' {
        $resource = Join-Path $Bundle 'resources/etc_passwd.genie_space.yml'
        $folder = '/Workspace/Shared/genie/promoted'
        Clear-Requests $Prod

        $planned = Publish-GenieSpace -Path $resource -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'main' } -ParentPath $folder -MapPath (Join-Path $TestHome 'folder-map.json') -WhatIf
        @(Get-Writes $Prod).Count | Should -Be 0
        { Invoke-GenieApiRequest -Path "/api/2.0/workspace/get-status?path=$folder" -Context $ProdContext } | Should -Throw '*RESOURCE_DOES_NOT_EXIST*'
        $result = Publish-GenieSpace -Path $resource -Context $ProdContext -WarehouseId 'wh-prod-1' -CatalogMap @{ dev = 'main' } -ParentPath $folder -MapPath (Join-Path $TestHome 'folder-map.json') -Confirm:$false

        $planned.MissingFolder | Should -Be $folder
        $result.Action | Should -Be 'Create'
        (Invoke-GenieApiRequest -Path "/api/2.0/workspace/get-status?path=$folder" -Context $ProdContext).object_type | Should -Be 'DIRECTORY'
        (Get-ProdSpace $result.TargetSpaceId).ParentPath | Should -Be '/Shared/genie/promoted'
        @(Get-Writes $Prod | Where-Object path -EQ '/api/2.0/workspace/mkdirs').Count | Should -Be 1
    }

    It 'reports drift: one changed instruction, one added table, one deleted space' {
        $folder = Join-Path $TestHome 'drift'
        Set-DevSpace $SpaceA @{ serialized_space = (New-SerializedSpace) }
        Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $folder
        Get-GenieSpace -SpaceId $SpaceC | Sync-GenieSpaceDetails | Export-GenieSpaceBackup -Path $folder
        Compare-GenieSpaceBackup -Path $folder -Quiet | Should -BeFalse -Because 'the HR space of the previous test has no backup here'

        Set-DevSpace $SpaceA @{ serialized_space = (New-SerializedSpace 'Revenue is gross.') }
        $withTable = New-SerializedSpace 'B' | ConvertFrom-Json -AsHashtable
        $withTable.data_sources.tables += @{ identifier = 'dev.sales.returns' }
        Set-DevSpace $SpaceB @{ serialized_space = ($withTable | ConvertTo-Json -Depth 20 -Compress) }
        Invoke-GenieApiRequest -Method DELETE -Path "/api/2.0/genie/spaces/$SpaceC" -Confirm:$false | Out-Null
        Clear-Requests $Dev

        $drift = @(Compare-GenieSpaceBackup -Path $folder -InformationVariable counts)

        ($drift | Where-Object SpaceId -EQ $SpaceA).Status | Should -Be 'Changed'
        $instruction = @(($drift | Where-Object SpaceId -EQ $SpaceA).Differences)
        $instruction.Count | Should -Be 1
        $instruction = $instruction[0]
        $instruction.Aspect | Should -Be 'Instruction'
        $instruction.Before | Should -Match 'Revenue is net of refunds\.'
        $instruction.After | Should -Match 'Revenue is gross\.'
        $table = @(($drift | Where-Object SpaceId -EQ $SpaceB).Differences)
        $table.Count | Should -Be 1
        ($table[0].Aspect, $table[0].Item, $table[0].Change) | Should -Be @('Table', 'dev.sales.returns', 'Added')
        ($drift | Where-Object SpaceId -EQ $SpaceC).Status | Should -Be 'MissingLive'
        ($drift | Where-Object Status -EQ 'MissingBackup').Title | Should -Contain 'HR'
        $counts.MessageData.Changed | Should -Be 2
        $counts.MessageData.MissingLive | Should -Be 1
        @(Get-Writes $Dev).Count | Should -Be 0
        Compare-GenieSpaceBackup -Path $folder -Quiet | Should -BeFalse
    }

    It 'backs up an idle space nobody asked anything in, and keeps the last backup of a space deleted since' {
        $idle = '01f0ffff000000000000000000000006'
        Set-DevSpace $idle @{ title = 'Idle'; warehouse_id = 'wh-dev'; serialized_space = (New-SerializedSpace 'Nobody asks here.') }
        $folder = Join-Path $TestHome 'every-space'

        $synced = @(Sync-GenieSpaceDetails -AllSpaces -WarningAction SilentlyContinue)
        $backups = @(Export-GenieSpaceBackup -Path $folder -FromWarehouse -PassThru -WarningAction SilentlyContinue)

        $synced.SpaceId | Should -Contain $idle
        $file = ($backups | Where-Object SpaceId -EQ $idle).File
        $file.Name | Should -Be "Idle__$idle.json"
        $bytes = [IO.File]::ReadAllBytes($file.FullName)

        Invoke-GenieApiRequest -Method DELETE -Path "/api/2.0/genie/spaces/$idle" -Confirm:$false | Out-Null
        $gone = Sync-GenieSpaceDetails -AllSpaces -WarningVariable warned -WarningAction SilentlyContinue | Where-Object SpaceId -EQ $idle
        $kept = Export-GenieSpaceBackup -Path $folder -FromWarehouse -PassThru -WarningAction SilentlyContinue | Where-Object SpaceId -EQ $idle

        $gone.IsDeleted | Should -BeTrue
        $gone.Title | Should -Be 'Idle'
        $warned | Should -Match 'not found \(marked deleted\)'
        $kept.Changed | Should -BeFalse
        $kept.SkippedReason | Should -Match 'deleted'
        [IO.File]::ReadAllBytes($file.FullName) | Should -Be $bytes
        $row = Invoke-GenieSql -Query "SELECT title, deleted_at FROM genie_analytics.genie_space_details WHERE space_id = '$idle'"
        $row.title | Should -Be 'Idle'
        $row.deleted_at | Should -Not -BeNullOrEmpty
    }

    It '-WhatIf sends only GETs and writes nothing in every new path' {
        $folder = Join-Path $TestHome 'whatif-bundle'
        Clear-Requests $Dev
        Clear-Requests $Prod
        $before = Invoke-GenieSql -Query 'SELECT COUNT(*) AS n, MAX(ingestion_timestamp) AS last FROM genie_analytics.genie_space_details'

        Sync-GenieSpaceDetails -AllSpaces -WhatIf | Out-Null
        Export-GenieSpaceBackup -Path $folder -Format Bundle -FromWarehouse -WhatIf -WarningAction SilentlyContinue
        Publish-GenieSpace -Path $Bundle -Context $ProdContext -CatalogMap @{ dev = 'main' } -WarehouseId 'wh-prod-1' -WhatIf -WarningAction SilentlyContinue | Out-Null
        Compare-GenieSpaceBackup -Path $Bundle -WarningAction SilentlyContinue | Out-Null
        Install-GenieObservabilitySchema -WhatIf | Out-Null

        Test-Path $folder | Should -BeFalse
        @(Get-Requests $Dev | Where-Object path -EQ '/api/2.0/genie/spaces').Count | Should -BeGreaterThan 0 -Because '-AllSpaces lists the spaces'
        @(Get-Writes $Dev).Count | Should -Be 0
        @(Get-Writes $Prod).Count | Should -Be 0
        $after = Invoke-GenieSql -Query 'SELECT COUNT(*) AS n, MAX(ingestion_timestamp) AS last FROM genie_analytics.genie_space_details'
        ($after.n, $after.last) | Should -Be @($before.n, $before.last)
    }
}
