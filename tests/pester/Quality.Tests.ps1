# Quality signals through the published module against the emulator: a rating changed after a message was stored is
# updated in place on the next run (its comments stored once), and evaluation runs are read once.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $script:SavedHome = $env:GENIE_OBSERVABILITY_HOME
    $script:TestHome = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-quality-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $TestHome | Out-Null
    $env:GENIE_OBSERVABILITY_HOME = $TestHome

    $script:Pat = 'dapi-quality-pester-0001'
    $script:Emulator = Start-GenieEmulator
    $result = @(@{ result_id = 'r1'; benchmark_question_id = 'b1'; question = 'Revenue?'; status = 'DONE'; assessment = 'GOOD' },
        @{ result_id = 'r2'; benchmark_question_id = 'b2'; question = 'Margin?'; status = 'DONE'; assessment = 'BAD'; assessment_reasons = @('RESULT_MISSING_ROWS') })
    Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
        tokens = @($Pat)
        genie  = @{
            spaces   = @(@{ space_id = 's1'; title = 'Sales' })
            messages = @(
                @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm1'; status = 'COMPLETED'; content = 'revenue by region?'; created_timestamp = [DateTimeOffset]::UtcNow.AddHours(-2).ToUnixTimeMilliseconds() }
                @{ space_id = 's1'; conversation_id = 'c2'; message_id = 'm2'; status = 'COMPLETED'; content = 'orders today?'; created_timestamp = [DateTimeOffset]::UtcNow.AddHours(-2).ToUnixTimeMilliseconds() }
            )
            evalRuns = @(
                @{ space_id = 's1'; eval_run_id = 'run-1'; eval_run_status = 'DONE'; num_questions = 2; num_correct = 1; num_needs_review = 0; num_done = 2; created_timestamp = [DateTimeOffset]::UtcNow.AddDays(-1).ToUnixTimeMilliseconds(); results = $result }
                @{ space_id = 's1'; eval_run_id = 'run-2'; eval_run_status = 'RUNNING'; num_questions = 2; num_done = 0; created_timestamp = [DateTimeOffset]::UtcNow.AddHours(-1).ToUnixTimeMilliseconds(); results = @(@{ result_id = 'r3'; status = 'RUNNING' }) }
            )
        }
    } | Out-Null
    Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)

    $script:AuditFile = Join-Path $TestHome 'audit.json'
    # One audit line per event, in the system-table shape.
    function script:Add-AuditEvent([string] $Action, [string] $MessageId, [string] $ConversationId, [datetime] $At, [hashtable] $Extra = @{}) {
        $params = @{ space_id = 's1'; message_id = $MessageId } + $Extra
        if ($ConversationId) { $params.conversation_id = $ConversationId }
        [ordered]@{
            workspace_id   = '1001'
            event_time     = $At.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
            service_name   = 'aibiGenie'
            action_name    = $Action
            event_id       = "evt-$Action-$MessageId-$($At.Ticks)"
            user_identity  = @{ email = 'ana@example.com' }
            request_params = $params
            response       = @{ status_code = 200 }
        } | ConvertTo-Json -Compress -Depth 4 | Add-Content -Path $AuditFile
    }

    function script:Invoke-Run {
        Import-GenieAuditLog -Path $AuditFile -WorkspaceUrl @{ '1001' = $Emulator.Url } | Out-Null
        $script:Offered = @(Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch)
        $Offered | Import-GenieMessageDetails
    }
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    Stop-GenieEmulator -Emulator $Emulator
    $env:GENIE_OBSERVABILITY_HOME = $SavedHome
    Remove-Item -Recurse -Force $TestHome -ErrorAction SilentlyContinue
}

Describe 'Feedback given after a message was stored' {
    It 'offers the message again with Reason Feedback and updates it in place, comments stored once' {
        $now = [datetime]::UtcNow
        Add-AuditEvent -Action getConversationMessage -MessageId m1 -ConversationId c1 -At $now.AddMinutes(-90)
        Add-AuditEvent -Action getConversationMessage -MessageId m2 -ConversationId c2 -At $now.AddMinutes(-90)
        $first = Invoke-Run
        $first.Stored | Should -Be 2
        (Invoke-GenieSql "SELECT feedback_rating FROM message_details WHERE message_id = 'm1'").feedback_rating | Should -BeNullOrEmpty

        # The user rates the answer down with a comment, through the API; the audit log records it without a conversation id.
        $headers = @{ Authorization = "Bearer $Pat" }
        Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/api/2.0/genie/spaces/s1/conversations/c1/messages/m1/feedback" -Headers $headers -ContentType 'application/json' -Body '{"rating":"NEGATIVE","comment":"Wrong region"}' | Out-Null
        Add-AuditEvent -Action updateConversationMessageFeedback -MessageId m1 -At $now.AddMinutes(-10) -Extra @{ feedback_rating = 'THUMBS_DOWN' }

        $second = Invoke-Run
        $Offered.MessageId | Should -Be 'm1'
        $Offered[0].Reason | Should -Be 'Feedback'
        $Offered[0].ConversationId | Should -Be 'c1'
        $second.FeedbackRefreshed | Should -Be 1
        $second.CommentsStored | Should -Be 1
        (Invoke-GenieSql "SELECT feedback_rating FROM message_details WHERE message_id = 'm1'").feedback_rating | Should -Be 'NEGATIVE'
        (Invoke-GenieSql 'SELECT count(*) AS n FROM message_details').n | Should -Be 2
        (Invoke-GenieSql "SELECT content FROM message_comments WHERE message_id = 'm1'").content | Should -Be 'Wrong region'

        # Nothing new: nothing offered, nothing duplicated. Changed to thumbs up later: updated in place again.
        $third = Invoke-Run
        $Offered | Should -HaveCount 0
        Invoke-RestMethod -Method Post -Uri "$($Emulator.Url)/api/2.0/genie/spaces/s1/conversations/c1/messages/m1/feedback" -Headers $headers -ContentType 'application/json' -Body '{"rating":"POSITIVE"}' | Out-Null
        Add-AuditEvent -Action updateConversationMessageFeedback -MessageId m1 -ConversationId c1 -At $now.AddMinutes(-5) -Extra @{ feedback_rating = 'THUMBS_UP' }
        Invoke-Run | Out-Null
        $Offered.Reason | Should -Be 'Feedback'
        (Invoke-GenieSql "SELECT feedback_rating FROM message_details WHERE message_id = 'm1'").feedback_rating | Should -Be 'POSITIVE'
        (Invoke-GenieSql 'SELECT count(*) AS n FROM message_details').n | Should -Be 2
        (Invoke-GenieSql 'SELECT count(*) AS n FROM message_comments').n | Should -Be 1
        (Get-GenieUsage -By Space).Satisfaction | Should -Be 1
    }
}

Describe 'Sync-GenieSpaceEvaluation' {
    It 'stores runs with their results, and a second sync reads no finished run again' {
        $first = @(Sync-GenieSpaceEvaluation -SpaceId s1 -InformationVariable info)
        $first.EvalRunId | Sort-Object | Should -Be @('run-1', 'run-2')
        ($first | Where-Object EvalRunId -EQ 'run-1').Accuracy | Should -Be 0.5
        $info[-1].MessageData.RunsStored | Should -Be 2
        (Invoke-GenieSql "SELECT assessment FROM genie_space_eval_results WHERE result_id = 'r2'").assessment | Should -Be 'BAD'

        $before = @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET).Count
        $second = @(Sync-GenieSpaceEvaluation -SpaceId s1 -InformationVariable info2)
        $second.EvalRunId | Should -Be 'run-2'
        $info2[-1].MessageData.RunsSkipped | Should -Be 1
        $requests = @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET) | Select-Object -Skip $before
        @($requests | Where-Object { $_.path -like '*/eval-runs/run-1*' }) | Should -HaveCount 0
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_space_eval_runs').n | Should -Be 2
        (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_space_eval_results').n | Should -Be 3

        $usage = Get-GenieUsage -By Space
        $usage.EvaluationAccuracy | Should -Be 0.5
        $usage.EvaluatedAt | Should -Not -BeNullOrEmpty
    }

    It 'sends only GET requests with -WhatIf and stores nothing' {
        $before = @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET).Count
        Sync-GenieSpaceEvaluation -SpaceId s1 -WhatIf | Should -BeNullOrEmpty
        $requests = @(Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET) | Select-Object -Skip $before
        @($requests | Where-Object { $_.method -ne 'GET' }) | Should -HaveCount 0
    }
}
