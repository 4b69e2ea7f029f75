# The emulator's Genie, Workspace, Pipelines, Unity Catalog and SCIM Me APIs driven by the official Databricks JavaScript SDK (npm @databricks/sdk-experimental, pinned
# in tests/contract/js/package-lock.json), so the emulator the other tests rely on stays true to a real client.
Describe 'Emulator contract with the Databricks JavaScript SDK' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:ContractDirectory = Join-Path $PSScriptRoot '../contract/js'
        $script:Token = 'dapi-js-contract'
        $seed = @{
            tokens = @($Token)
            genie  = @{
                spaces   = @(
                    @{ space_id = 's1'; title = 'Sales'; warehouse_id = 'w1'; serialized_space = @{ version = 2 } }
                    @{ space_id = 's2'; title = 'Finance' }, @{ space_id = 's3' }, @{ space_id = 's4' }, @{ space_id = 's5' }
                )
                conversations = @(@{ space_id = 's1'; conversation_id = 'c2'; title = 'Second'; created_timestamp = 1732600001000 }, @{ space_id = 's1'; conversation_id = 'c3'; title = 'Third'; created_timestamp = 1732600002000 })
                messages = @(@{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm1'; content = 'Q?'; status = 'COMPLETED'; created_timestamp = 1732600000000
                        attachments = @(@{ attachment_id = 'a1'; query = @{ query = 'SELECT 1'; statement_id = 'st1' } }) },
                    @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm2'; content = 'Follow-up?'; status = 'COMPLETED'; created_timestamp = 1732600003000 },
                    @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm3'; content = 'And?'; status = 'FAILED'; created_timestamp = 1732600004000 })
                evalRuns = @(@{ space_id = 's1'; eval_run_id = 'run-1'; eval_run_status = 'DONE'; num_questions = 2; num_correct = 1; num_needs_review = 0; created_timestamp = 1732600000000
                        results = @(@{ result_id = 'r1'; benchmark_question_id = 'b1'; status = 'DONE'; assessment = 'GOOD' }, @{ result_id = 'r2'; benchmark_question_id = 'b2'; status = 'DONE'; assessment = 'BAD'; assessment_reasons = @('RESULT_MISSING_ROWS') }) })
            }
            queryHistory = @(
                @{ query_id = 'st1'; status = 'FINISHED'; warehouse_id = 'w1'; endpoint_id = 'w1'; query_start_time_ms = 1732600000100; duration = 1200; metrics = @{ total_time_ms = 1200; read_bytes = 4096; rows_produced_count = 3 } }
                @{ query_id = 'st2'; status = 'FAILED'; warehouse_id = 'w1'; query_start_time_ms = 1732600000200; error_message = 'boom'; metrics = @{ total_time_ms = 5 } }
                @{ query_id = 'st3'; status = 'FINISHED'; warehouse_id = 'w1'; query_start_time_ms = 1732600000300; metrics = @{ total_time_ms = 7 } }
                @{ query_id = 'st-other'; status = 'FINISHED'; warehouse_id = 'w2'; query_start_time_ms = 1732600000400 }
            )
        }
        $script:SeedPath = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-contract-seed-{0}.json" -f [guid]::NewGuid())
        $seed | ConvertTo-Json -Depth 20 | Set-Content -Path $SeedPath
        $script:Emulator = Start-GenieEmulator -SeedPath $SeedPath

        # Runs one contract script of tests/contract/js against the emulator; returns its output lines ($LASTEXITCODE is node's).
        function script:Invoke-ContractScript([string] $Name) {
            Get-Command node -ErrorAction Stop | Out-Null
            if (-not (Test-Path (Join-Path $ContractDirectory 'node_modules/@databricks/sdk-experimental'))) {
                Push-Location $ContractDirectory
                try { npm ci --no-audit --no-fund --loglevel=error 2>&1 | Out-Host } finally { Pop-Location }
                $LASTEXITCODE | Should -Be 0 -Because 'npm ci must install the pinned SDK'
            }

            $env:GENIE_EMULATOR_URL = $Emulator.Url
            $env:GENIE_EMULATOR_TOKEN = $Token
            try { node (Join-Path $ContractDirectory $Name) 2>&1 | ForEach-Object { "$_" } }
            finally { Remove-Item Env:GENIE_EMULATOR_URL, Env:GENIE_EMULATOR_TOKEN -ErrorAction SilentlyContinue }
        }
    }

    AfterAll {
        if ($Emulator) { Stop-GenieEmulator -Emulator $Emulator }
        Remove-Item -Force -ErrorAction SilentlyContinue $SeedPath
    }

    It 'passes every SDK call: paging, fields, error bodies, 429 retry, query history, feedback, comments and evaluation runs, trash' {
        $output = Invoke-ContractScript -Name 'genie-contract.mjs'
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'CONTRACT OK'
    }

    It 'passes every Workspace API call: get-status, mkdirs, import formats, export, list, delete and their errors' {
        $output = Invoke-ContractScript -Name 'workspace-contract.mjs'
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'WORKSPACE CONTRACT OK'
    }

    It 'passes every Pipelines, Unity Catalog and SCIM Me call: create, edit, list filter and paging, delete, schema and tables' {
        $output = Invoke-ContractScript -Name 'pipelines-contract.mjs'
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        $output | Should -Contain 'PIPELINES CONTRACT OK'
    }
}
