# The audit pipeline cmdlets against the published module, on the embedded warehouse in a temp folder.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $script:SavedHome = $env:GENIE_OBSERVABILITY_HOME
    $script:TestHome = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-pipeline-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $TestHome | Out-Null
    $env:GENIE_OBSERVABILITY_HOME = $TestHome

    function New-AuditRow([string] $Workspace, [datetime] $Time, [string] $Space, [string] $Conversation, [string] $Message, [string] $Email, [string] $Service = 'aibiGenie', [string] $Action = 'getConversationMessage', [int] $Status = 200) {
        [ordered]@{
            account_id     = 'acc'
            workspace_id   = $Workspace
            event_time     = $Time.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
            event_date     = $Time.ToUniversalTime().ToString('yyyy-MM-dd')
            service_name   = $Service
            action_name    = $Action
            request_id     = [guid]::NewGuid().ToString()
            event_id       = [guid]::NewGuid().ToString()
            user_identity  = @{ email = $Email }
            request_params = @{ space_id = $Space; conversation_id = $Conversation; message_id = $Message }
            response       = @{ status_code = $Status }
        } | ConvertTo-Json -Compress -Depth 5
    }

    $now = [datetime]::UtcNow
    $script:AuditDir = Join-Path $TestHome 'audit'
    New-Item -ItemType Directory -Path $AuditDir | Out-Null
    @(
        New-AuditRow '1001' $now.AddHours(-3) 'space-a' 'c1' 'm1' 'ana@example.com'
        New-AuditRow '1001' $now.AddHours(-2) 'space-a' 'c1' 'm1' 'ana@example.com'
        '{"service_name": "aibiGenie", "action_name": '
        New-AuditRow '1001' $now.AddHours(-2) 'space-a' 'c2' 'm2' 'bo@example.com' -Action 'genieGetConversationMessage'
        New-AuditRow '1001' $now.AddHours(-1) 'space-b' 'c3' 'm3' 'ana@example.com'
        New-AuditRow '1001' $now.AddHours(-1) 'space-b' 'c3' 'm-failed' 'ana@example.com' -Status 500
        New-AuditRow '1001' $now.AddHours(-1) $null $null $null 'ana@example.com' -Service 'clusters' -Action 'list'
    ) | Set-Content -Path (Join-Path $AuditDir 'part-0001.json')
    @(
        New-AuditRow '2002' $now.AddMinutes(-30) 'space-z' 'c9' 'm9' 'cy@example.com'
    ) | Set-Content -Path (Join-Path $AuditDir 'part-0002.json')
}

AfterAll {
    $env:GENIE_OBSERVABILITY_HOME = $SavedHome
    Remove-Item -Recurse -Force $TestHome -ErrorAction SilentlyContinue
}

Describe 'Import-GenieAuditLog' {
    It 'imports every file of a wildcard, names the malformed line by file and line in one warning, and is idempotent' {
        $result = Import-GenieAuditLog -Path (Join-Path $AuditDir '*.json') -WorkspaceUrl @{ '1001' = 'https://adb-1001.example.net'; '2002' = 'adb-2002.example.net' } -PassThru -ErrorVariable bad -WarningVariable warnings -WarningAction SilentlyContinue

        $result | Should -BeOfType ([GenieObservability.GenieAuditImportResult])
        $result.Files.Count | Should -Be 2
        $result.RowsImported | Should -Be 7
        $result.MalformedLines | Should -Be 1
        $result.WorkspacesWithoutUrl.Count | Should -Be 0
        $bad.Count | Should -Be 0
        @($warnings | Where-Object { "$_" -like '1 of * lines were not audit records and were skipped: *part-0001.json:3 (*' }).Count | Should -Be 1

        $again = Import-GenieAuditLog -Path (Join-Path $AuditDir '*.json') -PassThru -WarningAction SilentlyContinue
        $again.RowsImported | Should -Be 0
        $again.DuplicateRows | Should -Be 7
    }

    It 'reports a path that matches nothing' {
        Import-GenieAuditLog -Path (Join-Path $TestHome 'nothing-here.json') -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'AuditFileNotFound*'
    }
}

Describe 'Invoke-GeniePipelineRefresh on the embedded engine' {
    It 'changes nothing with -WhatIf' {
        Invoke-GeniePipelineRefresh -WhatIf | Should -BeNullOrEmpty
        Get-GeniePipelineValidation -WarningAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'runs Auto as an initial load first, then from the previous window end minus the overlap' {
        $first = Invoke-GeniePipelineRefresh
        $first | Should -BeOfType ([GenieObservability.GeniePipelineRun])
        $first.State | Should -Be 'SUCCEEDED'
        $first.Engine | Should -Be 'Embedded'
        $first.EffectiveMode | Should -Be 'Initial'
        $first.BronzeRows | Should -Be 5
        $first.SilverRows | Should -Be 4

        $second = Invoke-GeniePipelineRefresh -Mode Auto -Overlap ([timespan]::FromHours(5))
        $second.EffectiveMode | Should -Be 'Auto'
        $second.WindowStart | Should -Be ($first.WindowEnd - [timespan]::FromHours(5))
        $second.SilverRows | Should -Be 4
    }

    It 'pipes into Get-GenieMessagesToFetch, whose objects bind by property name' {
        function Receive-Fetch {
            param(
                [Parameter(ValueFromPipelineByPropertyName)] [string] $WorkspaceId,
                [Parameter(ValueFromPipelineByPropertyName)] [string] $WorkspaceUrl,
                [Parameter(ValueFromPipelineByPropertyName)] [string] $SpaceId,
                [Parameter(ValueFromPipelineByPropertyName)] [string] $ConversationId,
                [Parameter(ValueFromPipelineByPropertyName)] [string] $MessageId,
                [Parameter(ValueFromPipelineByPropertyName)] [Nullable[datetimeoffset]] $EventTime)
            process { "$WorkspaceId|$WorkspaceUrl|$SpaceId|$ConversationId|$MessageId" }
        }

        $items = @(Invoke-GeniePipelineRefresh -Mode Incremental -LookbackMinutes 300 -WorkspaceId 1001 | Get-GenieMessagesToFetch)
        $items.Count | Should -Be 3
        $items | ForEach-Object { $_ | Should -BeOfType ([GenieObservability.GenieMessageToFetch]) }
        ($items.Reason | Sort-Object -Unique) | Should -Be 'New'
        $bound = $items | Receive-Fetch | Sort-Object
        $bound | Should -Contain '1001|https://adb-1001.example.net|space-a|c1|m1'
    }

    It 'filters and bounds what it returns' {
        Invoke-GeniePipelineRefresh -Mode Initial -DaysLookback 2 | Out-Null
        @(Get-GenieMessagesToFetch -First 2).Count | Should -Be 2
        @(Get-GenieMessagesToFetch -WorkspaceId 2002).MessageId | Should -Be 'm9'
        @(Get-GenieMessagesToFetch -SpaceId space-b).MessageId | Should -Be 'm3'
        @(Get-GenieMessagesToFetch -Reason Retry, Pending).Count | Should -Be 0
    }

    It 'rejects out-of-range numbers before running' {
        { Invoke-GeniePipelineRefresh -Mode Incremental -LookbackMinutes 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }
}

Describe 'Get-GenieSpaceMetrics and Get-GeniePipelineValidation' {
    It 'count distinct conversations, messages and users per space' {
        $metrics = @(Get-GenieSpaceMetrics -WorkspaceId 1001)
        $metrics.Count | Should -Be 2
        $a = $metrics | Where-Object SpaceId -eq 'space-a'
        $a.ConversationCount | Should -Be 2
        $a.MessageCount | Should -Be 2
        $a.UserCount | Should -Be 2
        (Get-GenieSpaceMetrics space-b).UserCount | Should -Be 1
    }

    It 'describes the last refresh' {
        $validation = Get-GeniePipelineValidation
        $validation | Should -BeOfType ([GenieObservability.GeniePipelineValidation])
        $validation.BronzeRows | Should -Be 5
        $validation.SilverRows | Should -Be 4
        $validation.DuplicateEvents | Should -Be 1
        $validation.AuditRowsInWindow | Should -Be 7
        $validation.Workspaces | Should -Be 2
        $validation.Spaces | Should -Be 3
    }
}

Describe 'Invoke-GeniePipelineRefresh on a Databricks pipeline (emulator)' {
    BeforeAll {
        $script:Pat = 'dapi-pipeline-pester-0001'
        $script:Emulator = Start-GenieEmulator
        Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
            tokens    = @($Pat)
            pipelines = @(@{
                    pipeline_id = 'pl-pester'
                    spec        = @{
                        name          = 'genie-observability'
                        catalog       = 'main'
                        schema        = 'genie_analytics'
                        libraries     = @(@{ file = @{ path = '/Workspace/genie/pipeline.sql' } })
                        configuration = @{ 'spark.keep' = 'yes' }
                    }
                })
        } | Out-Null
        Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Stop-GenieEmulator -Emulator $Emulator
    }

    It 'sets the configuration, keeps the rest of the spec and waits for the update to complete' {
        $run = Invoke-GeniePipelineRefresh -PipelineId pl-pester -Mode Incremental -LookbackMinutes 15 -WorkspaceId 1001, 2002 -PollInterval '00:00:00.05'

        $run.Engine | Should -Be 'Databricks'
        $run.State | Should -Be 'SUCCEEDED'
        $run.UpdateId | Should -Not -BeNullOrEmpty
        $pipeline = Invoke-EmulatorControl -Emulator $Emulator -Path pipelines/pl-pester -Method GET
        $pipeline.spec.configuration.'genie.workspace_ids' | Should -Be '1001,2002'
        $pipeline.spec.configuration.'genie.lookback_minutes' | Should -Be '15'
        $pipeline.spec.configuration.'genie.window_end' | Should -Be $run.WindowEnd.UtcDateTime.ToString('yyyy-MM-dd HH:mm:ss')
        $pipeline.spec.configuration.'spark.keep' | Should -Be 'yes'
        $pipeline.spec.libraries[0].file.path | Should -Be '/Workspace/genie/pipeline.sql'
        $pipeline.updates[-1].state | Should -Be 'COMPLETED'
    }

    It 'fails with the pipeline''s error events when the update fails' {
        Invoke-EmulatorControl -Emulator $Emulator -Path pipelines/next-update -Body @{ failWith = @('Table or view not found: system.access.audit') } | Out-Null

        $failure = { Invoke-GeniePipelineRefresh -PipelineId pl-pester -PollInterval '00:00:00.05' } | Should -Throw -ErrorId 'PipelineUpdateFailed*' -PassThru

        $failure.Exception.Message | Should -BeLike '*Table or view not found: system.access.audit*'
        $failure.TargetObject.State | Should -Be 'FAILED'
    }
}
