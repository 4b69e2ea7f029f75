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
# last 30 days has a trend to draw; the original seed's times are fixed. Returns the copy's path.
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
    $seed | ConvertTo-Json -Depth 50 | Set-Content -LiteralPath $Path -Encoding utf8NoBOM
    $Path
}

Export-ModuleMember -Function Get-GenieDemoSeedPath, New-GenieDemoAuditLog, New-GenieDemoSeed
