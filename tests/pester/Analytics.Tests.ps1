# Get-GenieUsage, Get-GenieQuestion and Export-GenieObservabilityReport against the published module, on known data in
# an embedded DuckDB file and behind the Statement API of a real emulator process; the report opened in headless
# Chromium with the network disabled, its figures read from the DOM and checked against the shipped queries run
# through Invoke-GenieSql.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    Import-Module $ModulePath -Force
    $script:Now = [DateTime]::UtcNow
    $script:Hostile = "<script>alert('pwned')</script> revenue & ""margin""?"

    # Known data: 6 questions in the last 30 days, one 45 days ago, three spaces (one idle).
    $script:Questions = @(
        @{ id = 'q1'; space = 'sp-a'; name = 'Alpha (stored)'; user = 'a@contoso.com'; status = 'COMPLETED'; ago = [TimeSpan]::FromHours(2); sql = 'SELECT 1'; feedback = 'POSITIVE'; content = 'Revenue by region?' }
        @{ id = 'q2'; space = 'sp-a'; name = 'Alpha (stored)'; user = 'b@contoso.com'; status = 'COMPLETED'; ago = [TimeSpan]::FromDays(1); sql = ''; feedback = ''; content = 'And by month?' }
        @{ id = 'q3'; space = 'sp-a'; name = 'Alpha (stored)'; user = 'a@contoso.com'; status = 'FAILED'; ago = [TimeSpan]::FromDays(3); sql = ''; feedback = ''; content = $Hostile; error = 'WAREHOUSE_ACCESS_MISSING' }
        @{ id = 'q4'; space = 'sp-b'; name = 'Beta'; user = 'c@contoso.com'; status = 'COMPLETED'; ago = [TimeSpan]::FromDays(5); sql = 'SELECT 4'; feedback = 'NEGATIVE'; content = 'Open tickets?' }
        @{ id = 'q5'; space = 'sp-b'; name = 'Beta'; user = 'c@contoso.com'; status = 'CANCELLED'; ago = [TimeSpan]::FromDays(6); sql = ''; feedback = ''; content = 'Median time?' }
        @{ id = 'q6'; space = 'sp-b'; name = 'Beta'; user = 'a@contoso.com'; status = 'EXECUTING_QUERY'; ago = [TimeSpan]::FromDays(8); sql = ''; feedback = ''; content = 'Backlog by team?' }
        @{ id = 'q7'; space = 'sp-a'; name = 'Alpha (stored)'; user = 'a@contoso.com'; status = 'COMPLETED'; ago = [TimeSpan]::FromDays(45); sql = 'SELECT 7'; feedback = ''; content = 'Long ago' }
    )

    # Installs the tables and writes the known data through Invoke-GenieSql (works on every backend).
    function script:Add-KnownData([string] $Schema) {
        Install-GenieObservabilitySchema | Out-Null
        foreach ($q in $Questions) {
            Invoke-GenieSql -Query @"
INSERT INTO $Schema.message_details (workspace_id, workspace_name, space_id, space_name, conversation_id, message_id, user_id, user_email,
  content, status, created_timestamp, audit_event_time, query_sql, message_error_type, feedback_rating, attachment_count, ingestion_timestamp)
VALUES ('111', 'Contoso', :space, :name, :conversation, :id, 7, :user, :content, :status, :created, :created,
  nullif(:sql, ''), nullif(:error, ''), nullif(:feedback, ''), :attachments, :ingested)
"@ -Parameters @{
                space = $q.space; name = $q.name; conversation = "c-$($q.id)"; id = $q.id; user = $q.user; content = $q.content; status = $q.status
                created = $Now - $q.ago; sql = $q.sql; error = [string] $q.error; feedback = $q.feedback; attachments = [int] ($q.sql -ne ''); ingested = $Now.AddMinutes(-5)
            } | Out-Null
        }
        Invoke-GenieSql -Query "INSERT INTO $Schema.genie_space_details (workspace_id, space_id, title, api_fetch_status) VALUES ('111', 'sp-a', 'Alpha', 'OK'), ('111', 'sp-idle', 'Idle one', 'OK')" | Out-Null
        Invoke-GenieSql -Query "INSERT INTO $Schema.genie_ingestion_runs (run_id, run_type, status, started_at, finished_at) VALUES ('r1', 'MESSAGE_INGESTION', 'SUCCEEDED', :start, :end)" -Parameters @{ start = $Now.AddMinutes(-7); end = $Now.AddMinutes(-5) } | Out-Null
    }

    # Statements of the known questions (message_query_metrics): Alpha's q1 FINISHED 4.2 s and q2's not in history
    # yet; Beta's q4 FAILED after 9.1 s and q5 CANCELED after 0.65 s; q7 (45 days ago) the slowest, outside the window.
    function script:Add-KnownQueryMetrics([string] $Schema) {
        $statements = @(
            @{ id = 'st-q1'; message = 'q1'; space = 'sp-a'; status = 'FINISHED'; ms = 4200; rows = 12; error = ''; availability = 'FOUND' }
            @{ id = 'st-q2'; message = 'q2'; space = 'sp-a'; status = ''; ms = $null; rows = $null; error = ''; availability = 'PENDING' }
            @{ id = 'st-q4'; message = 'q4'; space = 'sp-b'; status = 'FAILED'; ms = 9100; rows = 0; error = '[UNRESOLVED_COLUMN] A column `region` cannot be resolved.'; availability = 'FOUND' }
            @{ id = 'st-q5'; message = 'q5'; space = 'sp-b'; status = 'CANCELED'; ms = 650; rows = 0; error = 'Query was cancelled.'; availability = 'FOUND' }
            @{ id = 'st-q7'; message = 'q7'; space = 'sp-a'; status = 'FINISHED'; ms = 60000; rows = 1; error = ''; availability = 'FOUND' }
        )
        foreach ($st in $statements) {
            Invoke-GenieSql -Query @"
INSERT INTO $Schema.message_query_metrics (workspace_id, statement_id, space_id, conversation_id, message_id, status, total_duration_ms,
  execution_duration_ms, queue_duration_ms, rows_produced, warehouse_id, error_message, availability)
VALUES ('111', :id, :space, :conversation, :message, nullif(:status, ''), :ms, :ms, 0, :rows, 'wh-1', nullif(:error, ''), :availability)
"@ -Parameters @{ id = $st.id; space = $st.space; conversation = "c-$($st.message)"; message = $st.message; status = $st.status; ms = $st.ms; rows = $st.rows; error = $st.error; availability = $st.availability } | Out-Null
        }
    }

    # The text of one block of the module's shipped query file, as the module runs it.
    function script:Get-ShippedQuery([string] $Name, [string] $Schema, [string] $File = 'embedded/genie_observability_queries.duckdb.sql') {
        $text = Get-Content -Raw (Join-Path (Get-Module GenieObservability).ModuleBase "sql/$File")
        $block = [regex]::Match($text, '(?ms)^-- @name ' + $Name + '\s*$(.*?)(?=^-- @name |\z)').Groups[1].Value
        $lines = $block -split "`n" | Where-Object { $_.Trim() -and -not $_.TrimStart().StartsWith('--') }
        ($lines -join "`n").Trim().TrimEnd(';').Replace('{schema}', $Schema)
    }

    function script:New-TempHome {
        (New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) "genie-pester-analytics-$([guid]::NewGuid().ToString('N'))")).FullName
    }
}

Describe 'Usage and questions on the embedded warehouse' {
    BeforeAll {
        $script:HomeDir = New-TempHome
        $env:GENIE_OBSERVABILITY_HOME = $HomeDir
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'genie.duckdb')
        Add-KnownData -Schema 'genie_analytics'
        Add-KnownQueryMetrics -Schema 'genie_analytics'
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'gives typed usage rows per space, user and workspace that pipe like the rest' {
        $spaces = @(Get-GenieUsage -By Space)
        $spaces[0] | Should -BeOfType ([GenieObservability.GenieUsage])
        $spaces.Key | Should -Be @('Alpha', 'Beta')
        $spaces.Questions | Should -Be @(3, 3)
        $spaces[0].AnswerRate | Should -Be (2 / 3)
        $spaces[1].AnswerRate | Should -Be 0.5
        $spaces[1].Satisfaction | Should -Be 0
        $spaces[0].Satisfaction | Should -Be 1
        (Get-GenieUsage -By Space | Sort-Object AnswerRate | Select-Object -First 1).SpaceId | Should -Be 'sp-b'

        $users = @(Get-GenieUsage -By User)
        ($users | ForEach-Object { "$($_.User)=$($_.Questions)/$($_.Spaces)" }) | Should -Be @('a@contoso.com=3/2', 'c@contoso.com=2/1', 'b@contoso.com=1/1')
        $workspace = Get-GenieUsage -By Workspace
        ($workspace.WorkspaceId, $workspace.Questions, $workspace.Users, $workspace.Answered, $workspace.Failed, $workspace.Cancelled, $workspace.Pending) | Should -Be @('111', 6, 3, 3, 1, 1, 1)
        $workspace.AnswerRate | Should -Be 0.6
        (Get-GenieUsage -By Workspace -Days 60).Questions | Should -Be 7
        (Get-GenieUsage -By Space -SpaceId sp-b).Questions | Should -Be 3
    }

    It 'gives one row per day, week and month with questions, adding up to the window' {
        foreach ($by in 'Day', 'Week', 'Month') {
            $rows = @(Get-GenieUsage -By $by)
            ($rows | Measure-Object Questions -Sum).Sum | Should -Be 6 -Because "the $by rows cover the window"
            $rows.PeriodStart | Should -Be ($rows.PeriodStart | Sort-Object)
        }

        $expectedDays = @($Questions | Where-Object { $_.ago.TotalDays -lt 29 } | ForEach-Object { ($Now - $_.ago).Date.ToString('yyyy-MM-dd') } | Sort-Object -Unique)
        (Get-GenieUsage -By Day).Key | Should -Be $expectedDays
        (Get-GenieUsage -By Month)[0].Key | Should -Match '^\d{4}-\d{2}$'
        (Get-GenieUsage -By Week | ForEach-Object { $_.PeriodStart.DayOfWeek } | Sort-Object -Unique) | Should -Be 'Monday'
    }

    It 'shows usage in a default table view' {
        $text = Get-GenieUsage -By Space | Out-String -Width 200
        $text | Should -Match 'By\s+Key\s+Questions\s+Conversations\s+Users\s+Answered\s+Failed\s+AnswerRate\s+Satisfaction'
        $text | Should -Match 'Space\s+Beta\s+3\s+3\s+2\s+1\s+0\s+50'
        (Get-GenieQuestion -First 1 | Out-String -Width 200) | Should -Match 'AskedAt\s+Space\s+User\s+Outcome\s+Question\s+ErrorType'
    }

    It 'lists questions newest first with their text, and filters them' {
        $all = @(Get-GenieQuestion)
        $all[0] | Should -BeOfType ([GenieObservability.GenieQuestion])
        $all.MessageId | Should -Be @('q1', 'q2', 'q3', 'q4', 'q5', 'q6', 'q7')
        $q3 = $all | Where-Object MessageId -EQ 'q3'
        ($q3.Question, $q3.Outcome, $q3.ErrorType, $q3.SpaceTitle, $q3.User) | Should -Be @($Hostile, 'FAILED', 'WAREHOUSE_ACCESS_MISSING', 'Alpha', 'a@contoso.com')
        ($all | Where-Object MessageId -EQ 'q4').Sql | Should -Be 'SELECT 4'

        (Get-GenieQuestion -Unanswered).MessageId | Should -Be @('q3', 'q5', 'q6')
        (Get-GenieQuestion -Status FAILED, CANCELLED).MessageId | Should -Be @('q3', 'q5')
        (Get-GenieQuestion -Search '<SCRIPT>').MessageId | Should -Be 'q3'
        (Get-GenieQuestion -User 'B@Contoso.com').MessageId | Should -Be 'q2'
        (Get-GenieQuestion -First 2).MessageId | Should -Be @('q1', 'q2')
        (Get-GenieQuestion -Since $Now.AddDays(-4)).MessageId | Should -Be @('q1', 'q2', 'q3')
        (Get-GenieQuestion sp-b).MessageId | Should -Be @('q4', 'q5', 'q6')
        (Get-GenieUsage -By Space | Sort-Object AnswerRate | Select-Object -First 1 | Get-GenieQuestion -Unanswered).MessageId | Should -Be @('q5', 'q6')
    }

    It 'lists the slowest queries with their question, and carries the query failure share on usage rows' {
        $slowest = @(Get-GenieQueryMetric)
        $slowest[0] | Should -BeOfType ([GenieObservability.GenieQueryMetric])
        $slowest.StatementId | Should -Be @('st-q4', 'st-q1', 'st-q5') -Because 'slowest first, q7 is outside the 30 days and q2 has no metrics yet'
        ($slowest[0].Question, $slowest[0].SpaceTitle, $slowest[0].User, $slowest[0].Status, $slowest[0].Failed, $slowest[0].TotalDurationMs) |
            Should -Be @('Open tickets?', 'Beta', 'c@contoso.com', 'FAILED', $true, 9100)
        $slowest[0].Error | Should -BeLike '`[UNRESOLVED_COLUMN`]*'
        (Get-GenieQueryMetric -Status FAILED, CANCELED).StatementId | Should -Be @('st-q4', 'st-q5')
        (Get-GenieQueryMetric -First 1).StatementId | Should -Be 'st-q4'
        (Get-GenieQueryMetric -Days 60 -First 1).StatementId | Should -Be 'st-q7'
        (Get-GenieQueryMetric sp-a).StatementId | Should -Be 'st-q1'

        $spaces = @(Get-GenieUsage -By Space)
        ($spaces | ForEach-Object { "$($_.Key)=$($_.QueriesMeasured)/$($_.QueriesFailed)/$($_.QueriesCanceled)/$($_.QueriesPending)/$($_.QueryFailureShare)" }) |
            Should -Be @('Alpha=1/0/0/1/0', 'Beta=2/1/1/0/1')
        $spaces[1].QueryDurationMedianMs | Should -Be 4875
        $workspace = Get-GenieUsage -By Workspace
        ($workspace.QueryStatements, $workspace.QueriesMeasured) | Should -Be @(4, 3)
        [math]::Round($workspace.QueryFailureShare, 6) | Should -Be ([math]::Round(2 / 3, 6))
        (Get-GenieUsage -By Space | Sort-Object QueryFailureShare -Descending | Select-Object -First 1 | Get-GenieQueryMetric).StatementId | Should -Be @('st-q4', 'st-q5')

        $text = Get-GenieQueryMetric | Out-String -Width 200
        $text | Should -Match 'Duration\s+AskedAt\s+Space\s+Status\s+Rows\s+Question'
        $text | Should -Match '9\.1 s\s+\S+ \S+\s+Beta\s+FAILED\s+0\s+Open tickets\?'
        $text | Should -Match '650 ms'
        $usage = Get-GenieUsage -By Space | Out-String -Width 220
        $usage | Should -Match 'Accuracy\s+QueryFail'
        $usage | Should -Match 'Beta\s.*\s100\s?%'
        { Get-GenieQueryMetric -Status RUNNING -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-GenieQueryMetric -First 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
    }

    It 'leaves the query columns empty and says what to run when the warehouse has no query-metrics table' {
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'no-metrics.duckdb')
        try {
            Add-KnownData -Schema 'genie_analytics'
            Invoke-GenieSql 'DROP TABLE genie_analytics.message_query_metrics' | Out-Null
            $beta = Get-GenieUsage -By Space | Where-Object SpaceId -EQ 'sp-b'
            $beta.Questions | Should -Be 3
            ($null -eq $beta.QueryStatements -and $null -eq $beta.QueriesMeasured -and $null -eq $beta.QueryFailureShare) | Should -BeTrue
            $failure = $null
            try { Get-GenieQueryMetric -ErrorAction Stop } catch { $failure = $_ }
            $failure.FullyQualifiedErrorId | Should -BeLike 'QueryMetricsTableMissing*'
            $failure.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failure.Exception.Message | Should -BeLike '*Install-GenieObservabilitySchema, then Sync-GenieQueryMetric*'
        }
        finally {
            Connect-GenieWarehouse -Path (Join-Path $HomeDir 'genie.duckdb')
        }
    }

    It 'stops reading when the pipeline has enough' {
        $first = Get-GenieQuestion | Select-Object -First 1
        $first.MessageId | Should -Be 'q1'
    }

    It 'refuses bad input with errors that say what to fix' {
        { Get-GenieUsage -By Space -Days 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Get-GenieUsage -By Space -Days -5 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        { Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'r.html') -Days 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'
        $unknown = $null
        try { Get-GenieUsage -By Space -WorkspaceId 999 -ErrorAction Stop } catch { $unknown = $_ }
        $unknown.FullyQualifiedErrorId | Should -BeLike 'UnknownWorkspace*'
        $unknown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $unknown.Exception.Message | Should -BeLike '*999*Known workspaces: 111 (Contoso)*'
        { Get-GenieQuestion -WorkspaceId 999 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownWorkspace*'
        { Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'r.html') -WorkspaceId 999 -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownWorkspace*'
        Test-Path (Join-Path $HomeDir 'r.html') | Should -BeFalse
    }

    It 'says which command creates the tables when the warehouse has none' {
        $bare = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = (Join-Path $HomeDir 'bare') } -Script @"
Import-Module '$ModulePath'
foreach (`$command in { Get-GenieUsage -By Day }, { Get-GenieQuestion }, { Export-GenieObservabilityReport -Path '$HomeDir/bare.html' }) {
    try { & `$command -ErrorAction Stop | Out-Null; 'NO ERROR' } catch { 'ID=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }
}
"@
        $text = $bare.Output -join "`n"
        ([regex]::Matches($text, 'ID=AnalyticsTablesMissing')).Count | Should -Be 3 -Because $text
        $text | Should -Match 'run Install-GenieObservabilitySchema'
        $text | Should -Not -Match 'NO ERROR'
    }

    It 'replaces an existing report, refuses with -NoClobber, needs an existing folder and writes nothing with -WhatIf' {
        $path = Join-Path $HomeDir 'existing.html'
        Set-Content -Path $path -Value 'old'
        $result = Export-GenieObservabilityReport -Path $path
        $result | Should -BeOfType ([GenieObservability.GenieObservabilityReport])
        (Get-Content -Raw $path) | Should -Match '^<!DOCTYPE html>'

        Set-Content -Path $path -Value 'keep me'
        $refused = $null
        try { Export-GenieObservabilityReport -Path $path -NoClobber -ErrorAction Stop } catch { $refused = $_ }
        $refused.FullyQualifiedErrorId | Should -BeLike 'ReportFileExists*'
        $refused.CategoryInfo.Category | Should -Be 'ResourceExists'
        (Get-Content -Raw $path).Trim() | Should -Be 'keep me'

        $missing = $null
        try { Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'no/such/folder/r.html') -ErrorAction Stop } catch { $missing = $_ }
        $missing.FullyQualifiedErrorId | Should -BeLike 'ReportFolderMissing*'
        $missing.Exception.Message | Should -BeLike "*$(Join-Path $HomeDir 'no/such/folder')*"

        Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'whatif.html') -WhatIf | Should -BeNullOrEmpty
        Test-Path (Join-Path $HomeDir 'whatif.html') | Should -BeFalse
    }

    It 'returns the path and the KPI figures of the report it wrote, relative paths resolved against the current location' {
        Push-Location $HomeDir
        try { $report = Export-GenieObservabilityReport -Path ./kpis.html -Days 30 -Title 'Pester report' }
        finally { Pop-Location }
        $report.Path | Should -Be (Join-Path $HomeDir 'kpis.html')
        ($report.Questions, $report.Users, $report.ActiveSpaces, $report.AnswerRate, $report.Satisfaction, $report.IsEmpty) | Should -Be @(6, 3, 2, 0.6, 0.5, $false)
        $report.Bytes | Should -Be (Get-Item $report.Path).Length
        $report.LastIngestionAt.UtcDateTime | Should -BeGreaterThan $Now.AddMinutes(-6)
    }
}

Describe 'The report in headless Chromium' {
    BeforeAll {
        $script:HomeDir = New-TempHome
        $env:GENIE_OBSERVABILITY_HOME = $HomeDir
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'genie.duckdb')
        Add-KnownData -Schema 'genie_analytics'
        # Two benchmark runs of Alpha (the latest 4 of 5 correct, the one before 3 of 5); Beta never evaluated.
        Invoke-GenieSql -Query @'
INSERT INTO genie_analytics.genie_space_eval_runs (workspace_id, space_id, eval_run_id, eval_run_status, is_finished, num_questions, num_correct, num_needs_review, created_timestamp)
VALUES ('111', 'sp-a', 'e1', 'DONE', TRUE, 5, 3, 1, :older), ('111', 'sp-a', 'e2', 'DONE', TRUE, 5, 4, 0, :newer)
'@ -Parameters @{ older = $Now.AddDays(-9); newer = $Now.AddDays(-2) } | Out-Null
        Add-KnownQueryMetrics -Schema 'genie_analytics'
        $script:Report = Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'report.html') -Days 30
        $script:Chromium = @('/usr/bin/chromium', '/usr/bin/chromium-browser') | Where-Object { Test-Path $_ } | Select-Object -First 1
        $script:Shots = Join-Path $env:GENIE_REPO_ROOT 'out/screenshots'
        New-Item -ItemType Directory -Force -Path $Shots | Out-Null

        # Chromium as Debian ships it, headless, every background service off, and no network: any lookup fails and
        # any connection goes to a closed local port. The net log records every request the browser makes.
        function script:Invoke-Chromium([string] $Page, [string[]] $Arguments) {
            if (-not $Chromium) { throw 'Chromium is not installed: apt-get install chromium (build.ps1 test installs it).' }
            $profileDir = Join-Path $HomeDir ("profile-" + [guid]::NewGuid().ToString('N'))
            $netLog = Join-Path $HomeDir ("net-" + [guid]::NewGuid().ToString('N') + '.json')
            $common = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
                '--disable-sync', '--no-first-run', '--disable-quic', '--disable-extensions', '--disable-default-apps', '--hide-scrollbars',
                "--user-data-dir=$profileDir", '--proxy-server=127.0.0.1:9', '--host-resolver-rules=MAP * ~NOTFOUND', "--log-net-log=$netLog")
            $output = & $Chromium @common @Arguments "file://$Page" 2>$null
            [pscustomobject]@{ Output = ($output -join "`n"); NetLog = $netLog }
        }

        # URLs of the requests the page itself started (the browser's own background requests have no origin).
        function script:Get-PageRequests([string] $NetLog) {
            $log = Get-Content -Raw $NetLog | ConvertFrom-Json -AsHashtable
            $start = $log.constants.logEventTypes['URL_REQUEST_START_JOB']
            @($log.events | Where-Object { $_.type -eq $start -and $_.params -and $_.params.url -and $_.params.initiator -ne 'not an origin' } | ForEach-Object { $_.params.url })
        }

        $script:Dom = (Invoke-Chromium -Page $Report.Path -Arguments @('--dump-dom'))
        $json = [regex]::Match((Get-Content -Raw $Report.Path), '<script type="application/json" id="genie-report-data">(.*?)</script>').Groups[1].Value
        $script:Data = $json | ConvertFrom-Json
        # The report's own "as of", read as text (ConvertFrom-Json would turn it into a local time).
        $asOf = [regex]::Match($json, '"as_of":"([^"]+)"').Groups[1].Value
        $script:QueryParameters = @{
            as_of = [DateTime]::Parse($asOf, [Globalization.CultureInfo]::InvariantCulture, [Globalization.DateTimeStyles]::AdjustToUniversal)
            days_lookback = 30; workspace_id_filter = ''; space_id_filter = ''
        }
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'renders the KPI figures the kpis query gives through Invoke-GenieSql' {
        $kpis = Invoke-GenieSql -Query (Get-ShippedQuery kpis 'genie_analytics') -Parameters $QueryParameters | Where-Object period -EQ 'current'
        foreach ($name in 'questions', 'users', 'active_spaces') {
            $shown = [regex]::Match($Dom.Output, "data-kpi=""$name"" data-value=""(\d+)""").Groups[1].Value
            [long] $shown | Should -Be $kpis.$name -Because "the $name card shows the query's figure"
        }
        [double] [regex]::Match($Dom.Output, 'data-kpi="answer_rate" data-value="([0-9.]+)"').Groups[1].Value | Should -Be ([double] $kpis.answer_rate)
        $Dom.Output | Should -Match '<div class="kpi-value">6</div>'
        $Dom.Output | Should -Match '<div class="kpi-value">60%</div>'
    }

    It 'renders every space row and every day total the queries give' {
        $spaces = @(Invoke-GenieSql -Query (Get-ShippedQuery usage_by_space 'genie_analytics') -Parameters $QueryParameters)
        $rows = [regex]::Matches($Dom.Output, '(?s)<tr data-space-id="([^"]+)" data-workspace-id="([^"]+)">(.*?)</tr>')
        $shown = @{}
        foreach ($row in $rows) { $shown[$row.Groups[1].Value] = [long] [regex]::Match($row.Groups[3].Value, 'data-value="(\d+)" data-col="questions"').Groups[1].Value }
        $shown.Count | Should -Be $spaces.Count
        foreach ($space in $spaces) { $shown[$space.space_id] | Should -Be $space.questions }

        $daily = Invoke-GenieSql -Query (Get-ShippedQuery space_daily_questions 'genie_analytics') -Parameters $QueryParameters |
            Group-Object { $_.day.ToString('yyyy-MM-dd', [Globalization.CultureInfo]::InvariantCulture) } | ForEach-Object { @{ $_.Name = ($_.Group | Measure-Object questions -Sum).Sum } }
        $totals = @{}
        foreach ($day in [regex]::Matches($Dom.Output, 'data-day="(\d{4}-\d{2}-\d{2})" data-total="(\d+)"')) { $totals[$day.Groups[1].Value] = [long] $day.Groups[2].Value }
        $totals.Count | Should -Be 30
        ($totals.Values | Measure-Object -Sum).Sum | Should -Be 6
        foreach ($entry in $daily) { foreach ($key in $entry.Keys) { $totals[$key] | Should -Be $entry[$key] -Because "day $key" } }
    }

    It 'renders satisfaction per rated space and the latest evaluation accuracy the queries give' {
        $spaces = @(Invoke-GenieSql -Query (Get-ShippedQuery usage_by_space 'genie_analytics') -Parameters $QueryParameters | Where-Object rated -GT 0)
        $section = [regex]::Match($Dom.Output, '(?s)<section id="quality".*?</section>').Value
        $section | Should -Not -BeNullOrEmpty
        $rows = [regex]::Matches($section, '(?s)<table[^>]*id="table-satisfaction-spaces".*?</table>').Value
        foreach ($space in $spaces) {
            $row = [regex]::Match($rows, "(?s)<tr data-quality-space-id=""$($space.space_id)""[^>]*>(.*?)</tr>").Groups[1].Value
            [double] [regex]::Match($row, 'data-value="([0-9.]+)" data-col="satisfaction"').Groups[1].Value | Should -Be ([double] $space.satisfaction)
        }
        $evaluation = Invoke-GenieSql -Query (Get-ShippedQuery space_evaluations 'genie_analytics') -Parameters $QueryParameters
        $evaluation.eval_run_id | Should -Be 'e2'
        $shown = [regex]::Match($section, '(?s)<table[^>]*id="table-evaluations".*?</table>').Value
        [double] [regex]::Match($shown, 'data-value="([0-9.]+)" data-col="accuracy"').Groups[1].Value | Should -Be ([double] $evaluation.accuracy)
        [double] [regex]::Match($shown, 'data-value="([0-9.]+)" data-col="previous_accuracy"').Groups[1].Value | Should -Be 0.6
        $Data.sections.quality.evaluations[0].accuracy | Should -Be 0.8
        $section | Should -Not -Match 'No ratings yet'
    }

    It 'renders the query failure share per space and the slowest queries with their question, as the queries give them' {
        $section = [regex]::Match($Dom.Output, '(?s)<section id="queries".*?</section>').Value
        $section | Should -Not -BeNullOrEmpty
        $overall = Invoke-GenieSql -Query (Get-ShippedQuery query_performance 'genie_analytics') -Parameters ($QueryParameters + @{ group_by = 'all' })
        [double] [regex]::Match($section, 'data-kpi="query_failure_share" data-value="([0-9.]+)"').Groups[1].Value | Should -Be ([double] $overall.failure_share)
        $section | Should -Match '<div class="kpi-value">67%</div><div class="kpi-change">1 failed, 1 canceled of 3</div>'
        $section | Should -Match '1 not in query history yet'

        $spaces = @(Invoke-GenieSql -Query (Get-ShippedQuery query_performance 'genie_analytics') -Parameters ($QueryParameters + @{ group_by = 'space' }))
        $rows = [regex]::Matches($section, '(?s)<tr data-query-space-id="([^"]+)"[^>]*>(.*?)</tr>')
        $rows.Count | Should -Be $spaces.Count
        for ($i = 0; $i -lt $spaces.Count; $i++) {
            $rows[$i].Groups[1].Value | Should -Be $spaces[$i].space_id
            [double] [regex]::Match($rows[$i].Groups[2].Value, 'data-value="([0-9.]+)" data-col="failure_share"').Groups[1].Value | Should -Be ([double] $spaces[$i].failure_share)
            [long] [regex]::Match($rows[$i].Groups[2].Value, 'data-value="(\d+)" data-col="measured"').Groups[1].Value | Should -Be $spaces[$i].measured
        }
        $rows[0].Groups[2].Value | Should -Match '>Beta<.*>100%<'

        $slowest = @(Invoke-GenieSql -Query (Get-ShippedQuery slowest_queries 'genie_analytics') -Parameters ($QueryParameters + @{ row_limit = 20; status_filter = '' }))
        $shown = [regex]::Matches($section, '(?s)<tr data-statement-id="([^"]+)"[^>]*>(.*?)</tr>')
        @($shown | ForEach-Object { $_.Groups[1].Value }) | Should -Be @($slowest.statement_id)
        @($shown | ForEach-Object { $_.Groups[1].Value }) | Should -Be @('st-q4', 'st-q1', 'st-q5')
        $shown[0].Groups[2].Value | Should -Match '>9\.1 s</td>'
        $shown[0].Groups[2].Value | Should -Match '<td class="question">Open tickets\?</td>'
        $shown[0].Groups[2].Value | Should -Match 'UNRESOLVED_COLUMN'
        $shown[1].Groups[2].Value | Should -Match '<td class="question">Revenue by region\?</td>'
        $section | Should -Not -Match 'st-q7'
        $Data.sections.queries.slowest[0].question | Should -Be 'Open tickets?'
    }

    It 'says honestly that no query was looked up yet, rather than showing a 0% failure share' {
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'unmeasured.duckdb')
        try {
            Add-KnownData -Schema 'genie_analytics'
            $unmeasured = Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'unmeasured.html')
            $dom = (Invoke-Chromium -Page $unmeasured.Path -Arguments @('--dump-dom')).Output
            $section = [regex]::Match($dom, '(?s)<section id="queries".*?</section>').Value
            $section | Should -Match '2 answers in this window ran SQL, but no statement of them has been looked up yet: run Sync-GenieQueryMetric'
            $section | Should -Not -Match '%'
            $section | Should -Not -Match '<table'
            Invoke-Chromium -Page $unmeasured.Path -Arguments @('--window-size=1280,5200', "--screenshot=$(Join-Path $Shots 'report-unmeasured-1280.png')") | Out-Null
        }
        finally {
            Connect-GenieWarehouse -Path (Join-Path $HomeDir 'genie.duckdb')
        }
    }

    It 'shows user text as text and carries the figures as JSON' {
        $Dom.Output | Should -Not -Match "<script>alert\('pwned'\)"
        $Dom.Output | Should -Match ([regex]::Escape('&lt;script&gt;alert(''pwned'')&lt;/script&gt; revenue &amp; "margin"?'))
        $Data.sections.kpis.current.questions | Should -Be 6
        ($Data.sections.worklist.rows | Where-Object message_id -EQ 'q3').question | Should -Be $Hostile
        $Data.sections.spaces.rows.Count | Should -Be 2
    }

    It 'makes no request of its own, while the same check sees one from a page that does' {
        Get-PageRequests $Dom.NetLog | Should -BeNullOrEmpty
        $control = Join-Path $HomeDir 'control.html'
        Set-Content -Path $control -Value '<!DOCTYPE html><html><body><p>control</p><img src="http://192.0.2.1/pixel.png"></body></html>'
        $seen = Get-PageRequests (Invoke-Chromium -Page $control -Arguments @('--dump-dom')).NetLog
        $seen | Should -Contain 'http://192.0.2.1/pixel.png'
    }

    It 'writes screenshots at laptop and phone width' {
        foreach ($width in 1280, 390) {
            $png = Join-Path $Shots "report-$width.png"
            Remove-Item $png -ErrorAction SilentlyContinue
            $shot = Invoke-Chromium -Page $Report.Path -Arguments @("--window-size=$width,6000", "--screenshot=$png")
            Test-Path $png | Should -BeTrue -Because $shot.Output
            $bytes = [IO.File]::ReadAllBytes($png)
            # PNG signature, then the IHDR width (big-endian) at byte 16.
            $bytes[1..3] | Should -Be @(0x50, 0x4E, 0x47)
            ([int] $bytes[16] -shl 24) -bor ([int] $bytes[17] -shl 16) -bor ([int] $bytes[18] -shl 8) -bor [int] $bytes[19] | Should -Be $width
            Get-PageRequests $shot.NetLog | Should -BeNullOrEmpty
        }
    }

    It 'says so for an empty warehouse instead of drawing empty axes' {
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'empty.duckdb')
        Install-GenieObservabilitySchema | Out-Null
        $empty = Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'empty.html')
        $empty.IsEmpty | Should -BeTrue
        $dom = (Invoke-Chromium -Page $empty.Path -Arguments @('--dump-dom')).Output
        $dom | Should -Match 'No Genie questions yet'
        $dom | Should -Not -Match '<svg'
        Invoke-Chromium -Page $empty.Path -Arguments @('--window-size=1280,900', "--screenshot=$(Join-Path $Shots 'report-empty-1280.png')") | Out-Null
    }
}

Describe 'Usage, questions and the report over the Statement API' {
    BeforeAll {
        $script:HomeDir = New-TempHome
        $env:GENIE_OBSERVABILITY_HOME = $HomeDir
        $script:Emulator = Start-GenieEmulator
        Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{ tokens = @('dapi-pester-analytics') } | Out-Null
        Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString 'dapi-pester-analytics' -AsPlainText -Force)
        Connect-GenieWarehouse -WarehouseId 'wh-analytics'
        Add-KnownData -Schema 'main.genie_analytics'
        Add-KnownQueryMetrics -Schema 'main.genie_analytics'
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Stop-GenieEmulator -Emulator $Emulator
        Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'runs the Databricks SQL of the same queries and gives the same figures' {
        (Get-GenieContext).WarehouseKind | Should -Be 'StatementApi'
        $spaces = @(Get-GenieUsage -By Space)
        $spaces.Key | Should -Be @('Alpha', 'Beta')
        $spaces.Questions | Should -Be @(3, 3)
        (Get-GenieUsage -By Workspace).AnswerRate | Should -Be 0.6
        (Get-GenieQuestion -Unanswered).MessageId | Should -Be @('q3', 'q5', 'q6')
        ((Get-GenieUsage -By Day) | Measure-Object Questions -Sum).Sum | Should -Be 6
        (Get-GenieQueryMetric).StatementId | Should -Be @('st-q4', 'st-q1', 'st-q5')
        [math]::Round((Get-GenieUsage -By Workspace).QueryFailureShare, 6) | Should -Be ([math]::Round(2 / 3, 6))
        $report = Export-GenieObservabilityReport -Path (Join-Path $HomeDir 'sql-warehouse.html')
        (Get-Content -Raw $report.Path) | Should -Match 'data-kpi="query_failure_share" data-value="0\.666'
        ($report.Questions, $report.Users, $report.AnswerRate) | Should -Be @(6, 3, 0.6)
        $kpis = Invoke-GenieSql -Query (Get-ShippedQuery kpis 'main.genie_analytics' 'genie_observability_queries.sql') -Parameters @{
            as_of = $report.AsOf.UtcDateTime; days_lookback = 30; workspace_id_filter = ''; space_id_filter = '' } | Where-Object period -EQ 'current'
        $kpis.questions | Should -Be 6
    }
}

Describe 'Invoke-GenieObservabilityJob -ReportPath' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot '../data/demo/DemoData.psm1') -Force
        $script:HomeDir = New-TempHome
        $env:GENIE_OBSERVABILITY_HOME = $HomeDir
        $script:Emulator = Start-GenieEmulator -SeedPath (New-GenieDemoSeed -Path (Join-Path $HomeDir 'seed.json'))
        $seed = Get-Content -Raw (Join-Path $HomeDir 'seed.json') | ConvertFrom-Json
        Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $seed.tokens[0] -AsPlainText -Force)
        Connect-GenieWarehouse -Path (Join-Path $HomeDir 'genie.duckdb')
        Import-GenieAuditLog -Path (New-GenieDemoAuditLog -WorkspaceUrl $Emulator.Url -Path (Join-Path $HomeDir 'audit.jsonl')) | Out-Null
    }

    AfterAll {
        Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
        Stop-GenieEmulator -Emulator $Emulator
        Remove-Item Env:GENIE_OBSERVABILITY_HOME -ErrorAction SilentlyContinue
        Remove-Item -Recurse -Force $HomeDir -ErrorAction SilentlyContinue
    }

    It 'fails fast on a report folder that does not exist, before any refresh' {
        { Invoke-GenieObservabilityJob -ReportPath (Join-Path $HomeDir 'missing/report.html') -ErrorAction Stop } | Should -Throw -ErrorId 'ReportFolderMissing*'
        (Invoke-GenieSql "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'genie_messages_to_fetch'").n | Should -Be 0 -Because 'no refresh ran'
    }

    It 'writes the report as its last step, with the figures of the messages it just stored' {
        $path = Join-Path $HomeDir 'job-report.html'
        $job = Invoke-GenieObservabilityJob -ReportPath $path -ReportDays 30
        $job.Status | Should -Be 'SUCCEEDED'
        $job.Report.Path | Should -Be $path
        $job.Report.Questions | Should -Be $job.Ingestion.Stored
        $job.Report.Questions | Should -Be 22
        $job.Report.ActiveSpaces | Should -Be 3
        (Get-Content -Raw $path) | Should -Match 'data-kpi="questions" data-value="22"'
    }
}
