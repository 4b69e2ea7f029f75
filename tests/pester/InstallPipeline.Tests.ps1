# Install-GeniePipeline and Uninstall-GeniePipeline against the published module, a real emulator process (Workspace,
# Pipelines, Unity Catalog and SQL statements APIs) and a SQL warehouse reached through the Statement Execution API;
# then the scheduled job, in this session and in a new process, on the installed pipeline without -PipelineId.
BeforeAll {
    # Every persisted table of the product, as the shipped DDL lists them (the install creates each).
    $script:TableCount = [regex]::Matches((Get-Content -Raw (Join-Path $PSScriptRoot '../../sql/genie_observability_schema.sql')), 'CREATE TABLE IF NOT EXISTS').Count
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    Import-Module $ModulePath -Force
    $script:Pat = 'dapi-pester-install-0001'
    $script:SpaceId = '01ef00000000000000000000install1'
    $script:MessageId = '01f0000000000000000000000install1'
    $script:ConversationId = '01c0000000000000000000000install1'
    $script:Folder = '/Workspace/Users/admin@example.com/GenieObservability'
    $script:PipelineName = 'Genie Observability (main.genie_analytics)'
    $script:HomeDir = (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "genie-pester-install-$([guid]::NewGuid().ToString('N'))")).FullName
    $env:GENIE_OBSERVABILITY_HOME = $HomeDir

    $script:Emulator = Start-GenieEmulator
    Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
        tokens = @($Pat)
        genie  = @{
            spaces   = @(@{ space_id = $SpaceId; title = 'Install space' })
            messages = @(@{ space_id = $SpaceId; conversation_id = $ConversationId; message_id = $MessageId; content = 'How many installs?'; status = 'COMPLETED'
                    created_timestamp = [DateTimeOffset]::UtcNow.ToUnixTimeMilliseconds(); attachments = @(@{ attachment_id = 'a1'; query = @{ query = 'SELECT 1'; statement_id = 'st-1' } })
                })
        }
    } | Out-Null

    # Everything a runbook runs first, in this session or a new one.
    $script:Connect = @"
Import-Module '$ModulePath'
Connect-GenieWorkspace -Host '$($Emulator.Url)' -AccessToken (ConvertTo-SecureString '$Pat' -AsPlainText -Force)
Connect-GenieWarehouse -WarehouseId w1 -Catalog main -Schema genie_analytics
"@
    Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)
    Connect-GenieWarehouse -WarehouseId w1 -Catalog main -Schema genie_analytics

    function script:Clear-Requests { Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method DELETE | Out-Null }
    function script:Get-Requests { @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET | ForEach-Object { $_ }) }
    # A write is any request other than a GET, and any SQL statement other than a read.
    function script:Get-Writes {
        @(Get-Requests | Where-Object { $_.method -ne 'GET' -and -not ($_.path -like '/api/2.0/sql/statements*' -and $_.body -match '"statement":"\s*SELECT') })
    }
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    Stop-GenieEmulator -Emulator $Emulator
    Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
}

Describe 'Install-GeniePipeline' {
    It 'sends only GET requests with -WhatIf on an empty workspace and prints the whole plan' {
        Clear-Requests
        $run = Invoke-FreshPwsh -Script "$Connect; Install-GeniePipeline -WhatIf | Format-List Summary, WhatIf" -Environment @{ GENIE_OBSERVABILITY_HOME = $HomeDir }

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $whatIf = @($run.Output | Where-Object { $_ -like 'What if:*' })
        # The folder, the file, the schema, every table and the pipeline.
        $whatIf.Count | Should -Be (4 + $TableCount)
        $whatIf | Should -Contain "What if: Performing the operation `"Create a serverless pipeline writing main.genie_analytics`" on target `"$PipelineName`"."
        $whatIf | Should -Contain "What if: Performing the operation `"Upload the module's sql/pipeline.sql`" on target `"$Folder/pipeline.sql`"."
        ($run.Output -join "`n") | Should -Match "Would create: folder, file, schema, $TableCount tables, pipeline\."
        @(Get-Requests | Where-Object method -ne 'GET') | Should -BeNullOrEmpty
    }

    It 'installs from nothing: the module''s file, the schema and tables, a serverless triggered pipeline, remembered in the context' {
        $installation = Install-GeniePipeline -WorkspaceId 1234567890123456

        $installation | Should -BeOfType ([GenieObservability.GeniePipelineInstallation])
        $installation.Changed | Should -BeTrue
        $installation.File | Should -Be 'Create'
        $installation.Pipeline | Should -Be 'Create'
        $installation.Tables | Should -Be "Create $($TableCount + 1)"
        $installation.Url | Should -Be "$($Emulator.Url)/pipelines/$($installation.PipelineId)"
        (Get-GenieContext).PipelineId | Should -Be $installation.PipelineId
        $script:PipelineId = $installation.PipelineId

        $export = Invoke-GenieApiRequest -Path "/api/2.0/workspace/export?format=SOURCE&path=$([uri]::EscapeDataString("$Folder/pipeline.sql"))"
        $shipped = [IO.File]::ReadAllBytes((Join-Path (Split-Path $ModulePath) 'sql/pipeline.sql'))
        [Convert]::FromBase64String($export.content) | Should -Be $shipped

        $spec = (Invoke-EmulatorControl -Emulator $Emulator -Path "pipelines/$PipelineId" -Method GET).spec
        $spec.name | Should -Be $PipelineName
        $spec.catalog | Should -Be 'main'
        $spec.schema | Should -Be 'genie_analytics'
        $spec.serverless | Should -BeTrue
        $spec.continuous | Should -BeFalse
        $spec.libraries[0].file.path | Should -Be "$Folder/pipeline.sql"
        $keys = [regex]::Matches([IO.File]::ReadAllText((Join-Path (Split-Path $ModulePath) 'sql/pipeline.sql')), '\$\{(genie\.[a-z_]+)\}') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique
        @($spec.configuration.PSObject.Properties.Name | Sort-Object) | Should -Be @($keys)
        $spec.configuration.'genie.workspace_ids' | Should -Be '1234567890123456'

        $tables = @(Invoke-GenieSql -Query "SELECT table_name FROM main.information_schema.tables WHERE table_schema = 'genie_analytics' ORDER BY table_name" | ForEach-Object table_name)
        $tables | Should -Be @('genie_ingestion_runs', 'genie_space_details', 'genie_space_eval_results', 'genie_space_eval_runs', 'message_comments', 'message_details', 'message_feedback', 'message_fetch_errors', 'message_query_metrics')
    }

    It 'changes nothing when run again, says so, and sends no write request' {
        Clear-Requests
        $again = Install-GeniePipeline -WorkspaceId 1234567890123456

        $again.Changed | Should -BeFalse
        $again.PipelineId | Should -Be $PipelineId
        $again.Summary | Should -Be 'Nothing to change: the pipeline, its file and the tables are up to date.'
        @($again.Changes | Where-Object Action -ne 'Unchanged') | Should -BeNullOrEmpty
        Get-Writes | Should -BeNullOrEmpty
        @(Get-Requests | Where-Object method -ne 'GET') | Should -BeNullOrEmpty -Because 'the tables are checked through Unity Catalog GETs'
    }

    It 'applies a changed workspace scope as exactly one pipeline edit' {
        Clear-Requests
        $changed = Install-GeniePipeline -WorkspaceId 1234567890123456, 2345678901234567

        $writes = Get-Writes
        $writes.Count | Should -Be 1
        $writes[0].method | Should -Be 'PUT'
        $writes[0].path | Should -Be "/api/2.0/pipelines/$PipelineId"
        $changed.Pipeline | Should -Be 'Update'
        ($changed.Changes | Where-Object Resource -eq 'Pipeline').Detail | Should -Be "genie.workspace_ids: '1234567890123456' -> '1234567890123456,2345678901234567'"
        (Invoke-EmulatorControl -Emulator $Emulator -Path "pipelines/$PipelineId" -Method GET).spec.configuration.'genie.workspace_ids' | Should -Be '1234567890123456,2345678901234567'
    }

    It 'sends only GET requests with -WhatIf when a setting would change, and reports the plan' {
        Clear-Requests
        $plan = Install-GeniePipeline -WorkspaceId 42 -WhatIf

        $plan.WhatIf | Should -BeTrue
        $plan.Changed | Should -BeFalse
        $plan.Pipeline | Should -Be 'Update'
        $plan.Summary | Should -Be 'Would update: pipeline.'
        @(Get-Requests | Where-Object method -ne 'GET') | Should -BeNullOrEmpty
        (Invoke-EmulatorControl -Emulator $Emulator -Path "pipelines/$PipelineId" -Method GET).spec.configuration.'genie.workspace_ids' | Should -Be '1234567890123456,2345678901234567'
    }

    It 'fails before any request on a bad parameter' {
        Clear-Requests
        { Install-GeniePipeline -WorkspaceId "1') OR true --" } | Should -Throw -ErrorId 'InvalidWorkspaceId*'
        { Install-GeniePipeline -Path 'Shared/genie' } | Should -Throw -ErrorId 'InvalidWorkspacePath*'
        Get-Requests | Should -BeNullOrEmpty
    }

    It 'plans another schema through the same warehouse, warning that the connected warehouse reads elsewhere' {
        Clear-Requests
        $plan = Install-GeniePipeline -Schema other_schema -WhatIf -WarningVariable warnings 3>$null

        $plan.Name | Should -Be 'Genie Observability (main.other_schema)'
        $plan.Tables | Should -Be "Create $($TableCount + 1)"
        $plan.Pipeline | Should -Be 'Create'
        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike '*the connected warehouse reads main.genie_analytics*Connect-GenieWarehouse*-Schema other_schema*'
        @(Get-Requests | Where-Object method -ne 'GET') | Should -BeNullOrEmpty
    }
}

Describe 'The scheduled job on the installed pipeline' {
    BeforeAll {
        # What the pipeline's update would have built: the silver table, naming the seeded message.
        Invoke-GenieSql -Query @"
CREATE TABLE IF NOT EXISTS main.genie_analytics.genie_messages_to_fetch (workspace_id STRING, workspace_name STRING, workspace_url STRING,
  space_id STRING, conversation_id STRING, message_id STRING, user_email STRING, event_time TIMESTAMP, event_date DATE,
  action_name STRING, status_code INT, event_count BIGINT)
"@ | Out-Null
        Invoke-GenieSql -Query "INSERT INTO main.genie_analytics.genie_messages_to_fetch VALUES ('1234567890123456', 'Install', '$($Emulator.Url)', '$SpaceId', '$ConversationId', '$MessageId', 'u@contoso.com', current_timestamp, current_date, 'getConversationMessage', 200, 1)" | Out-Null
    }

    It 'runs in this session on the pipeline the install remembered' {
        Invoke-EmulatorControl -Emulator $Emulator -Path pipelines/next-update -Body @{ atOnce = $true } | Out-Null
        $summary = Invoke-GenieObservabilityJob -Mode Initial -DaysLookback 1

        $summary.Status | Should -Be 'SUCCEEDED' -Because $summary.Error
        $summary.Refresh.Engine | Should -Be 'Databricks'
        $summary.Refresh.PipelineId | Should -Be $PipelineId
        $summary.Ingestion.Stored | Should -Be 1
    }

    It 'runs in a new process (a runbook) without -PipelineId: the pipeline is found by its installed name' {
        Invoke-EmulatorControl -Emulator $Emulator -Path pipelines/next-update -Body @{ atOnce = $true } | Out-Null
        $script = "$Connect; `$ErrorActionPreference = 'Stop'; `$s = Invoke-GenieObservabilityJob -Verbose 4>&1 | ForEach-Object { `$_ }; `$s | Where-Object { `$_ -is [GenieObservability.GenieObservabilityJobSummary] } | ForEach-Object { 'STATUS=' + `$_.Status; 'PIPELINE=' + `$_.Refresh.PipelineId }; `$s | Where-Object { `$_ -isnot [GenieObservability.GenieObservabilityJobSummary] }"
        $run = Invoke-FreshPwsh -Script $script -Environment @{ GENIE_OBSERVABILITY_HOME = $HomeDir }

        $run.ExitCode | Should -Be 0 -Because ($run.Output -join "`n")
        $run.Output | Should -Contain 'STATUS=SUCCEEDED'
        $run.Output | Should -Contain "PIPELINE=$PipelineId"
        ($run.Output -join "`n") | Should -Match "Using pipeline $PipelineId \('Genie Observability \(main\.genie_analytics\)'\), installed for main\.genie_analytics"
        $updates = (Invoke-EmulatorControl -Emulator $Emulator -Path "pipelines/$PipelineId" -Method GET).updates
        $updates[-1].config.configuration.'genie.workspace_ids' | Should -Be '1234567890123456,2345678901234567' -Because 'a refresh without -WorkspaceId keeps the installed scope'
    }
}

Describe 'Uninstall-GeniePipeline' {
    It 'sends only GET requests with -WhatIf' {
        Clear-Requests
        $plan = Uninstall-GeniePipeline -WhatIf

        $plan.Pipeline | Should -Be 'Delete'
        $plan.File | Should -Be 'Delete'
        @(Get-Requests | Where-Object method -ne 'GET') | Should -BeNullOrEmpty
    }

    It 'deletes the pipeline (keeping its views) and its file, never a table, and forgets the id' {
        Clear-Requests
        $removed = Uninstall-GeniePipeline -Confirm:$false

        $removed.Operation | Should -Be 'Uninstall'
        $removed.PipelineId | Should -Be $PipelineId
        $removed.Summary | Should -Be 'Deleted: pipeline, file. The schema and every table are kept.'
        $writes = Get-Writes
        @($writes | ForEach-Object { "$($_.method) $($_.path)$($_.query)" }) | Should -Be @("DELETE /api/2.0/pipelines/${PipelineId}?cascade=false", 'POST /api/2.0/workspace/delete')
        (Get-GenieContext).PipelineId | Should -BeNullOrEmpty
        $tables = @(Invoke-GenieSql -Query "SELECT table_name FROM main.information_schema.tables WHERE table_schema = 'genie_analytics' ORDER BY table_name" | ForEach-Object table_name)
        $tables | Should -Be @('genie_ingestion_runs', 'genie_messages_to_fetch', 'genie_space_details', 'genie_space_eval_results', 'genie_space_eval_runs', 'message_comments', 'message_details', 'message_feedback', 'message_fetch_errors', 'message_query_metrics')
        (Invoke-GenieSql -Query 'SELECT count(*) AS n FROM main.genie_analytics.message_details').n | Should -Be 1
    }

    It 'changes nothing when nothing is installed, and the job then says to install the pipeline' {
        $again = Uninstall-GeniePipeline -Confirm:$false
        $again.Changed | Should -BeFalse
        $again.Summary | Should -BeLike 'Nothing to remove*'

        $failure = { Invoke-GenieObservabilityJob -ErrorAction Stop } | Should -Throw -ErrorId 'GenieObservabilityJobFailed*' -PassThru
        $failure.Exception.Message | Should -BeLike '*Install-GeniePipeline*'
    }
}
