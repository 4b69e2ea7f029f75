# The demo workspace: tests/data/demo/workspace-seed.json (spaces, conversations and messages the emulator serves) and
# an audit log generated from it, one Genie getConversationMessage event per message, timed relative to now so every
# load mode's window sees them. Deterministic apart from the times and the emulator's URL.
Set-StrictMode -Version Latest

function Get-GenieDemoSeedPath { Join-Path $PSScriptRoot 'workspace-seed.json' }

# Writes the audit log (JSON lines, system.access.audit shape) for the seed and returns its path.
function New-GenieDemoAuditLog {
    param(
        [Parameter(Mandatory)] [string] $WorkspaceUrl,
        [Parameter(Mandatory)] [string] $Path,
        [string] $SeedPath = (Get-GenieDemoSeedPath)
    )
    $seed = Get-Content -Raw -LiteralPath $SeedPath | ConvertFrom-Json -AsHashtable
    $users = $seed.demo.users
    $now = [DateTimeOffset]::UtcNow
    $events = @($seed.genie.messages) + @($seed.demo.deletedMessages)
    $actions = 'genieGetConversationMessage', 'getConversationMessage'
    $lines = for ($i = 0; $i -lt $events.Count; $i++) {
        $message = $events[$i]
        $time = $now.AddMinutes(-5 * ($events.Count - $i))
        [ordered]@{
            account_id     = 'demo-account'
            workspace_id   = [string] $seed.workspaceId
            workspace_url  = $WorkspaceUrl
            workspace_name = $seed.demo.workspaceName
            event_time     = $time.ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
            event_date     = $time.ToString('yyyy-MM-dd')
            service_name   = 'aibiGenie'
            action_name    = $actions[$i % 2]
            request_id     = "req-$i"
            event_id       = "evt-$i"
            user_identity  = @{ email = $users[[string] $message.user_id] }
            request_params = [ordered]@{ space_id = $message.space_id; conversation_id = $message.conversation_id; message_id = $message.message_id }
            response       = @{ status_code = 200 }
        } | ConvertTo-Json -Compress -Depth 5
    }
    Set-Content -LiteralPath $Path -Value $lines -Encoding utf8NoBOM
    $Path
}

# Writes a copy of the seed whose messages were asked over the last three weeks (newest an hour ago), so a report of the
# last 30 days has a trend to draw, with query history for most answers' statements; the original seed's times are
# fixed. Returns the copy's path.
function New-GenieDemoSeed {
    param(
        [Parameter(Mandatory)] [string] $Path,
        [string] $SeedPath = (Get-GenieDemoSeedPath),
        [DateTimeOffset] $Now = [DateTimeOffset]::UtcNow
    )
    $seed = Get-Content -Raw -LiteralPath $SeedPath | ConvertFrom-Json -AsHashtable
    $messages = @($seed.genie.messages)
    for ($i = 0; $i -lt $messages.Count; $i++) {
        # About a day apart, back from an hour ago, at varied hours; 7 is prime to the count, so the spaces interleave.
        $slot = (7 * $i) % $messages.Count
        $asked = $Now.AddHours(-1 - 23 * $slot - ($i % 5))
        $duration = $messages[$i].last_updated_timestamp - $messages[$i].created_timestamp
        $messages[$i].created_timestamp = $asked.ToUnixTimeMilliseconds()
        $messages[$i].last_updated_timestamp = $asked.ToUnixTimeMilliseconds() + $duration
    }

    # Query history for the statements of the answers (the Query History API's QueryInfo), except every seventh: its
    # history has not arrived yet, so the job's query-metrics step leaves it PENDING.
    $history = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $messages.Count; $i++) {
        foreach ($attachment in @($messages[$i]['attachments'])) {
            $query = if ($attachment -is [System.Collections.IDictionary]) { $attachment['query'] }
            $statementId = if ($query -is [System.Collections.IDictionary]) { $query['statement_id'] }
            if (-not $statementId -or ($i % 7) -eq 6) { continue }
            $started = $messages[$i].created_timestamp + 1500
            $total = 400 + 337 * (($i * 13) % 17)
            $history.Add([ordered]@{
                    query_id = $statementId; status = if ($messages[$i]['status'] -eq 'FAILED') { 'FAILED' } else { 'FINISHED' }
                    warehouse_id = '4b9d1e2f3a5c6d7e'; endpoint_id = '4b9d1e2f3a5c6d7e'; query_text = $query['query']
                    query_start_time_ms = $started; execution_end_time_ms = $started + $total; duration = $total
                    rows_produced = ($i * 7) % 50 + 1; statement_type = 'SELECT'
                    metrics = [ordered]@{
                        total_time_ms = $total; execution_time_ms = [int]($total * 0.8); compilation_time_ms = [int]($total * 0.1)
                        read_bytes = 1048576 * (($i % 9) + 1); rows_produced_count = ($i * 7) % 50 + 1
                        provisioning_queue_start_timestamp = $started; query_compilation_start_timestamp = $started + 40 * ($i % 4)
                    }
                })
        }
    }
    $seed.queryHistory = $history
    $seed | ConvertTo-Json -Depth 50 | Set-Content -LiteralPath $Path -Encoding utf8NoBOM
    $Path
}

Export-ModuleMember -Function Get-GenieDemoSeedPath, New-GenieDemoAuditLog, New-GenieDemoSeed
