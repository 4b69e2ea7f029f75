# Audit file -> embedded refresh -> messages to fetch -> message ingestion, against the emulator, through the published module.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $script:SavedHome = $env:GENIE_OBSERVABILITY_HOME
    $script:TestHome = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-e2e-pester-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $TestHome | Out-Null
    $env:GENIE_OBSERVABILITY_HOME = $TestHome

    $script:Pat = 'dapi-e2e-pester-0001'
    $script:Emulator = Start-GenieEmulator
    Invoke-EmulatorControl -Emulator $Emulator -Path seed -Body @{
        tokens = @($Pat)
        genie  = @{
            spaces        = @(@{ space_id = 's1'; title = 'Sales' })
            conversations = @(@{ space_id = 's1'; conversation_id = 'c1'; title = 'Q3' })
            messages      = @(
                @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm-done'; status = 'COMPLETED'; content = 'revenue by region?' }
                @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm-running'; status = 'EXECUTING_QUERY'; content = 'top customers?' }
            )
        }
    } | Out-Null
    Connect-GenieWorkspace -Host $Emulator.Url -AccessToken (ConvertTo-SecureString $Pat -AsPlainText -Force)

    $now = [datetime]::UtcNow
    $script:AuditFile = Join-Path $TestHome 'audit.json'
    foreach ($message in 'm-done', 'm-running', 'm-gone') {
        [ordered]@{
            workspace_id   = '1001'
            event_time     = $now.AddMinutes(-20).ToString('yyyy-MM-ddTHH:mm:ss.fffZ')
            service_name   = 'aibiGenie'
            action_name    = 'genieGetConversationMessage'
            event_id       = "evt-$message"
            user_identity  = @{ email = 'ana@example.com' }
            request_params = @{ space_id = 's1'; conversation_id = 'c1'; message_id = $message }
            response       = @{ status_code = 200 }
        } | ConvertTo-Json -Compress -Depth 4 | Add-Content -Path $AuditFile
    }
}

AfterAll {
    Disconnect-GenieWorkspace -ErrorAction SilentlyContinue
    Stop-GenieEmulator -Emulator $Emulator
    $env:GENIE_OBSERVABILITY_HOME = $SavedHome
    Remove-Item -Recurse -Force $TestHome -ErrorAction SilentlyContinue
}

Describe 'The audit-to-messages job on the embedded warehouse' {
    It 'fetches new messages, then asks again only for the one still running' {
        Import-GenieAuditLog -Path $AuditFile -WorkspaceUrl @{ '1001' = $Emulator.Url }

        Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch | Import-GenieMessageDetails -ErrorAction SilentlyContinue

        $next = @(Invoke-GeniePipelineRefresh | Get-GenieMessagesToFetch)
        $next.MessageId | Should -Be 'm-running'
        $next[0].Reason | Should -Be 'Pending'
    }
}
