# The Genie API cmdlets against a real emulator process, through the published module and Connect-GenieWorkspace -AccessToken.
Describe 'Genie API cmdlets' {
    BeforeAll {
        Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
        $script:ModulePath = Get-GenieModulePath
        Import-Module $ModulePath -Force

        $script:Token = 'dapi-pester-0123456789abcdef'
        $spaces = @(
            @{ space_id = 's1'; title = 'Sales'; warehouse_id = 'w1'; serialized_space = @{ version = 2; config = @{ sample_questions = @() } } }
            @{ space_id = 's2'; title = 'Finance'; warehouse_id = 'w1'; serialized_space = '{"version":2}' }
            @{ space_id = 'slow'; title = 'Slow'; warehouse_id = 'w1'; serialized_space = '{"version":2}' }
        ) + @(1..110 | ForEach-Object { @{ space_id = ('bulk{0:000}' -f $_); title = "Bulk $_"; serialized_space = '{"version":2}' } })
        $messages = @(
            @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm1'; content = 'Top regions?'; status = 'COMPLETED'; created_timestamp = 1732600000000; user_id = 42
               attachments = @(@{ attachment_id = 'a1'; query = @{ query = 'SELECT region FROM main.sales.orders'; description = 'Regions'; statement_id = 'st1' } }) }
            @{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm2'; content = 'And by month?'; status = 'EXECUTING_QUERY' }
            @{ space_id = 's1'; conversation_id = 'c2'; message_id = 'm3'; content = 'Refunds?'; status = 'FAILED'; error = @{ error = 'no table'; type = 'TABLES_MISSING_EXCEPTION' } }
        )
        $seed = @{ tokens = @($Token); genie = @{ spaces = $spaces; messages = $messages } }
        $script:SeedPath = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-api-seed-{0}.json" -f [guid]::NewGuid())
        $seed | ConvertTo-Json -Depth 20 | Set-Content -Path $SeedPath
        $script:Emulator = Start-GenieEmulator -SeedPath $SeedPath
        $script:SecureToken = ConvertTo-SecureString $Token -AsPlainText -Force
        Connect-GenieWorkspace -Host $Emulator.Url -AccessToken $SecureToken

        # Invoke-RestMethod returns a JSON array as one object; writing it from a variable enumerates the entries.
        function script:Get-LoggedRequest { $entries = Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method GET; $entries }
    }

    AfterAll {
        Disconnect-GenieWorkspace -Confirm:$false -ErrorAction SilentlyContinue
        if ($Emulator) { Stop-GenieEmulator -Emulator $Emulator }
        Remove-Item -Force -ErrorAction SilentlyContinue $SeedPath
    }

    BeforeEach {
        Invoke-EmulatorControl -Emulator $Emulator -Path faults -Method DELETE | Out-Null
        Invoke-EmulatorControl -Emulator $Emulator -Path requests -Method DELETE | Out-Null
    }

    Describe 'Get-GenieSpace' {
        It 'lists every space across pages, without serialized_space' {
            $all = @(Get-GenieSpace)
            $all.Count | Should -Be 113
            $all[0] | Should -BeOfType ([GenieObservability.GenieSpace])
            @($all | Where-Object SerializedSpace).Count | Should -Be 0
            @(Get-LoggedRequest | Where-Object { $_.path -eq '/api/2.0/genie/spaces' }).Count | Should -Be 2
        }

        It 'gets spaces by id with their serialized configuration' {
            $space = Get-GenieSpace -SpaceId s1 -IncludeSerializedSpace
            $space.Title | Should -Be 'Sales'
            $space.WorkspaceHost | Should -Be ([uri]"$($Emulator.Url)/")
            ($space.SerializedSpace | ConvertFrom-Json).version | Should -Be 2
            (Get-GenieSpace -SpaceId s1).SerializedSpace | Should -BeNullOrEmpty
        }

        It 'binds space_id from piped objects and keeps going past a missing space' {
            $found = @([pscustomobject]@{ space_id = 's1' }, [pscustomobject]@{ space_id = 'nope' }, [pscustomobject]@{ space_id = 's2' } |
                    Get-GenieSpace -ErrorVariable failures -ErrorAction SilentlyContinue)
            $found.SpaceId | Should -Be @('s1', 's2')
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GenieApi.NOT_FOUND,*'
            $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $failures[0].TargetObject | Should -Be 'nope'
            $failures[0].Exception.HttpStatus | Should -Be 404
            $failures[0].Exception.RequestId | Should -Not -BeNullOrEmpty
        }

        It 'reports retries on the Verbose stream without the token' {
            Invoke-EmulatorControl -Emulator $Emulator -Path faults -Body @{ method = 'GET'; pathPattern = '^/api/2.0/genie/spaces/s2$'; status = 429; retryAfterSeconds = 1; times = 1 } | Out-Null
            $output = Get-GenieSpace -SpaceId s2 -Verbose -Debug 4>&1 5>&1
            @($output | Where-Object { $_ -is [GenieObservability.GenieSpace] }).Count | Should -Be 1
            $log = @($output | Where-Object { $_ -is [System.Management.Automation.InformationalRecord] } | ForEach-Object Message)
            $log | Where-Object { $_ -like 'Retrying GET /api/2.0/genie/spaces/s2 after HTTP 429 RATE_LIMITED*' } | Should -Not -BeNullOrEmpty
            ($log -join "`n") | Should -Not -Match ([regex]::Escape($Token))
        }

        It 'reads another workspace with the same credential through -Workspace' {
            $otherSeed = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-api-other-{0}.json" -f [guid]::NewGuid())
            @{ tokens = @($Token); workspaceId = '999'; genie = @{ spaces = @(@{ space_id = 'other1'; title = 'Elsewhere' }) } } | ConvertTo-Json -Depth 10 | Set-Content $otherSeed
            $other = Start-GenieEmulator -SeedPath $otherSeed
            try {
                $spaces = @(Get-GenieSpace -Workspace $other.Url)
                $spaces.SpaceId | Should -Be @('other1')
                $spaces[0].WorkspaceHost | Should -Be ([uri]"$($other.Url)/")
                # Piped objects carry their workspace: WorkspaceHost binds -Workspace by property name.
                ($spaces | Get-GenieSpace -IncludeSerializedSpace).Title | Should -Be 'Elsewhere'
            }
            finally {
                Stop-GenieEmulator -Emulator $other
                Remove-Item -Force -ErrorAction SilentlyContinue $otherSeed
            }
        }

        It 'refuses to send the token over plain http to a non-loopback host' {
            { Get-GenieSpace -Workspace 'http://workspace.example.com' -ErrorAction Stop } | Should -Throw -ErrorId 'GenieInsecureHost,*'
        }

        It 'fails fast with a clear message when not connected' {
            $result = Invoke-FreshPwsh -Script "Import-Module '$ModulePath'; try { Get-GenieSpace -ErrorAction Stop } catch { `$_.FullyQualifiedErrorId }"
            ($result.Output -join "`n") | Should -Match 'NotConnected'
        }
    }

    Describe 'Get-GenieMessage' {
        It 'gets messages by property name from piped snake_case objects and the batch goes on' {
            $rows = @(
                [pscustomobject]@{ space_id = 's1'; conversation_id = 'c1'; message_id = 'm1' }
                [pscustomobject]@{ space_id = 's1'; conversation_id = 'c1'; message_id = 'missing' }
                [pscustomobject]@{ space_id = 's1'; conversation_id = 'c2'; message_id = 'm3' }
            )
            $messages = @($rows | Get-GenieMessage -ErrorVariable failures -ErrorAction SilentlyContinue)
            $messages.MessageId | Should -Be @('m1', 'm3')
            $messages[0] | Should -BeOfType ([GenieObservability.GenieMessage])
            $messages[0].QuerySql | Should -Be 'SELECT region FROM main.sales.orders'
            $messages[0].StatementId | Should -Be 'st1'
            $messages[0].UserId | Should -Be 42
            $messages[0].CreatedTimestamp | Should -Be ([DateTimeOffset]::FromUnixTimeMilliseconds(1732600000000))
            $messages[1].ErrorType | Should -Be 'TABLES_MISSING_EXCEPTION'
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GenieApi.NOT_FOUND,*'
            $failures[0].TargetObject | Should -Be 's1/c1/missing'
        }

        It 'reports a piped row with an empty message id instead of listing the conversation' {
            $result = @([pscustomobject]@{ space_id = 's1'; conversation_id = 'c1'; message_id = '' } | Get-GenieMessage -ErrorVariable failures -ErrorAction SilentlyContinue)
            $result.Count | Should -Be 0
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'EmptyMessageId,*'
        }

        It 'lists the messages of a conversation when no message id is given' {
            $messages = @(Get-GenieMessage -SpaceId s1 -ConversationId c1)
            $messages.MessageId | Should -Be @('m1', 'm2')
            $messages[1].IsTerminal | Should -BeFalse
        }

        It 'chains from Get-GenieSpace to Get-GenieConversation' {
            $conversations = @(Get-GenieSpace -SpaceId s1, s2 | Get-GenieConversation -IncludeAll)
            $conversations.ConversationId | Should -Be @('c1', 'c2')
            $conversations.SpaceId | Should -Be @('s1', 's1')
        }

        It 'chains from Get-GenieConversation' {
            $conversations = @(Get-GenieConversation -SpaceId s1 -IncludeAll)
            $conversations.ConversationId | Should -Be @('c1', 'c2')
            $conversations[0] | Should -BeOfType ([GenieObservability.GenieConversationSummary])
            @($conversations | Get-GenieMessage).Count | Should -Be 3
            @(Get-LoggedRequest | Where-Object { $_.query -like '*include_all=true*' }).Count | Should -Be 1
        }

        It 'stops promptly on Ctrl+C while a request is in flight' {
            Invoke-EmulatorControl -Emulator $Emulator -Path faults -Body @{ pathPattern = '^/api/2.0/genie/spaces/slow$'; kind = 'Latency'; latencyMilliseconds = 30000 } | Out-Null
            $state = [hashtable]::Synchronized(@{})
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript({
                        param($ModulePath, $Url, $Token, $State)
                        Import-Module $ModulePath
                        Connect-GenieWorkspace -Host $Url -AccessToken $Token
                        $State.Started = $true
                        Get-GenieSpace -SpaceId slow
                    }).AddArgument($ModulePath).AddArgument($Emulator.Url).AddArgument($SecureToken).AddArgument($state)
                $handle = $ps.BeginInvoke()
                $deadline = [DateTime]::UtcNow.AddSeconds(60)
                while (-not $state.Started -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
                $state.Started | Should -BeTrue
                Start-Sleep -Seconds 1   # the request is on the wire, held by the 30 s latency fault

                $watch = [System.Diagnostics.Stopwatch]::StartNew()
                $ps.Stop()
                $watch.Stop()

                # Without cancellation Stop() would wait for the 30 s response.
                $watch.Elapsed.TotalSeconds | Should -BeLessThan 15
                $handle.IsCompleted | Should -BeTrue
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
            }
            finally {
                $ps.Dispose()
            }
        }
    }

    Describe 'Invoke-GenieApiRequest' {
        It 'returns the JSON response as objects' {
            $response = Invoke-GenieApiRequest -Path '/api/2.0/genie/spaces/s1?include_serialized_space=true'
            $response.space_id | Should -Be 's1'
            $response.title | Should -Be 'Sales'
        }

        It 'sends nothing with -WhatIf' {
            Invoke-GenieApiRequest -Method PATCH -Path /api/2.0/genie/spaces/s2 -Body @{ title = 'Changed' } -WhatIf
            Invoke-GenieApiRequest -Method DELETE -Path /api/2.0/genie/spaces/s2 -WhatIf
            @(Get-LoggedRequest).Count | Should -Be 0
            (Get-GenieSpace -SpaceId s2).Title | Should -Be 'Finance'
        }

        It 'sends a body from an object once confirmed' {
            $updated = Invoke-GenieApiRequest -Method PATCH -Path /api/2.0/genie/spaces/s2 -Body @{ title = 'Finance (prod)' } -Confirm:$false
            $updated.title | Should -Be 'Finance (prod)'
            $patch = @(Get-LoggedRequest | Where-Object method -EQ 'PATCH')
            $patch.Count | Should -Be 1
            ($patch[0].body | ConvertFrom-Json).title | Should -Be 'Finance (prod)'
        }

        It 'writes an API failure as an ErrorRecord with a stable id' {
            Invoke-GenieApiRequest -Method POST -Path /api/2.0/genie/spaces -Body '{"title":"no warehouse"}' -Confirm:$false -ErrorVariable failures -ErrorAction SilentlyContinue
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -BeLike 'GenieApi.BAD_REQUEST,*'
            $failures[0].Exception.ErrorCode | Should -Be 'INVALID_PARAMETER_VALUE'
        }

        It 'refuses a path that is not a workspace API path' {
            { Invoke-GenieApiRequest -Path 'https://elsewhere.example/api/2.0/genie/spaces' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidApiPath,*'
        }
    }
}
