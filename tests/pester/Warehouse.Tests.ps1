# The warehouse cmdlets against the PUBLISHED module: embedded DuckDB in real pwsh (native library found on first
# try), the schema install, ad hoc SQL, a file locked by another process, and ODBC inside pwsh beside pwsh's own
# System.Data.Odbc (the dependency-isolation proof).

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    Import-Module $ModulePath -Force
    $script:SavedHome = $env:GENIE_OBSERVABILITY_HOME
    $script:DataHome = Join-Path ([System.IO.Path]::GetTempPath()) ("genie-home-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory -Path $DataHome | Out-Null
    # Never the user's real data folder.
    $env:GENIE_OBSERVABILITY_HOME = $DataHome
}

AfterAll {
    Disconnect-GenieWorkspace -Confirm:$false -ErrorAction SilentlyContinue
    $env:GENIE_OBSERVABILITY_HOME = $SavedHome
    Remove-Item -Recurse -Force $DataHome -ErrorAction SilentlyContinue
}

Describe 'The embedded warehouse in a fresh pwsh' {
    It 'opens the default DuckDB file on first try, in GENIE_OBSERVABILITY_HOME' {
        $freshHome = Join-Path $DataHome 'fresh'
        $result = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $freshHome } -Script @"
Import-Module '$ModulePath' -ErrorAction Stop
`$row = Invoke-GenieSql -Query 'SELECT 40 + :two AS answer' -Parameters @{ two = 2 } -ErrorAction Stop
"ANSWER=`$(`$row.answer)"
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'ANSWER=42'
        Test-Path (Join-Path $freshHome 'genie.duckdb') | Should -BeTrue
    }

    It 'resolves unqualified table names to the connected schema, on the default file and on a connected one' {
        $freshHome = Join-Path $DataHome 'unqualified'
        $connected = Join-Path $freshHome 'x.duckdb'
        $result = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = $freshHome } -Script @"
Import-Module '$ModulePath' -ErrorAction Stop
`$ErrorActionPreference = 'Stop'
Install-GenieObservabilitySchema | Out-Null
Invoke-GenieSql 'INSERT INTO genie_ingestion_runs (run_id, status, started_at) VALUES (:id, :status, :at)' -Parameters @{ id = 'default-1'; status = 'SUCCEEDED'; at = [datetime]'2026-01-02' } | Out-Null
'DEFAULT=' + (Invoke-GenieSql 'SELECT count(*) AS n FROM genie_analytics.genie_ingestion_runs').n + '/' + (Invoke-GenieSql 'SELECT run_id FROM genie_ingestion_runs').run_id
Connect-GenieWarehouse -Path '$connected' -Schema obs
Install-GenieObservabilitySchema | Out-Null
'EMPTY=' + (Invoke-GenieSql 'SELECT count(*) AS n FROM message_details').n
Invoke-GenieSql 'INSERT INTO obs.genie_ingestion_runs (run_id, status, started_at) VALUES (:id, :status, :at)' -Parameters @{ id = 'connected-1'; status = 'SUCCEEDED'; at = [datetime]'2026-01-03' } | Out-Null
'CONNECTED=' + (Invoke-GenieSql 'SELECT run_id FROM genie_ingestion_runs').run_id
"@
        $result.ExitCode | Should -Be 0 -Because ($result.Output -join "`n")
        $result.Output | Should -Contain 'DEFAULT=1/default-1'
        $result.Output | Should -Contain 'EMPTY=0'
        $result.Output | Should -Contain 'CONNECTED=connected-1'
    }
}

Describe 'Connect-GenieWarehouse -Path and Install-GenieObservabilitySchema' {
    BeforeAll {
        $script:File = Join-Path $DataHome 'install.duckdb'
        Connect-GenieWarehouse -Path $File
    }

    It 'shows the warehouse in the context' {
        $context = Get-GenieContext
        $context.WarehouseKind | Should -Be 'DuckDb'
        $context.WarehouseTarget | Should -Be $File
        $context.Schema | Should -Be 'genie_analytics'
    }

    It 'prints the DDL with -WhatIf and creates nothing' {
        $whatIf = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = (Join-Path $DataHome 'whatif') } -Script "Import-Module '$ModulePath'; Install-GenieObservabilitySchema -WhatIf | Out-Null"
        ($whatIf.Output -join "`n") | Should -Match 'CREATE TABLE IF NOT EXISTS genie_analytics\.message_details'
        ($whatIf.Output -join "`n") | Should -Match 'CREATE SCHEMA IF NOT EXISTS genie_analytics'
        $tables = Invoke-FreshPwsh -Environment @{ GENIE_OBSERVABILITY_HOME = (Join-Path $DataHome 'whatif') } -Script "Import-Module '$ModulePath'; (Invoke-GenieSql ""SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'genie_analytics'"").n"
        $tables.Output[-1] | Should -Be '0'
    }

    It 'creates the persisted tables, and is a no-op the second time' {
        $first = @(Install-GenieObservabilitySchema)
        ($first | Where-Object ObjectType -EQ 'Table').Name | Should -Be @('genie_analytics.message_details', 'genie_analytics.message_fetch_errors', 'genie_analytics.genie_space_details', 'genie_analytics.genie_ingestion_runs',
            'genie_analytics.message_query_metrics', 'genie_analytics.message_comments', 'genie_analytics.message_feedback', 'genie_analytics.genie_space_eval_runs', 'genie_analytics.genie_space_eval_results')
        ($first | Where-Object ObjectType -EQ 'Table').Status | Sort-Object -Unique | Should -Be 'Created'
        $first[0].PSObject.TypeNames[0] | Should -Be 'GenieObservability.GenieSchemaObject'

        $second = @(Install-GenieObservabilitySchema)
        $second.Status | Sort-Object -Unique | Should -Be 'Exists'
        (Invoke-GenieSql "SELECT COUNT(*) AS n FROM information_schema.columns WHERE table_schema = 'genie_analytics' AND table_name = 'message_details'").n | Should -Be 25
        # The connected file, not the default one.
        Test-Path $File | Should -BeTrue
        Test-Path (Join-Path $DataHome 'genie.duckdb') | Should -BeFalse
    }

    It 'streams rows of an ad hoc query with parameters stored verbatim' {
        $hostile = "x'); DROP TABLE genie_analytics.message_details; --"
        Invoke-GenieSql 'INSERT INTO genie_analytics.genie_ingestion_runs (run_id, status, started_at) VALUES (:id, :status, :at)' -Parameters @{ id = $hostile; status = 'SUCCEEDED'; at = [datetime]'2026-01-02T03:04:05' } | Out-Null
        $row = Invoke-GenieSql 'SELECT run_id, status, started_at FROM genie_analytics.genie_ingestion_runs WHERE run_id = :id' -Parameters @{ id = $hostile }
        $row.run_id | Should -Be $hostile
        $row.started_at | Should -Be ([datetime]'2026-01-02T03:04:05')
        $rows = Invoke-GenieSql 'SELECT r.id FROM range(5000) AS r(id)' | Select-Object -First 3
        $rows.id | Should -Be @(0, 1, 2)
    }

    It 'rejects an invalid schema name before touching anything' {
        $bad = Join-Path $DataHome 'never.duckdb'
        { Connect-GenieWarehouse -Path $bad -Schema 'genie; DROP SCHEMA x' -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidIdentifier*'
        Test-Path $bad | Should -BeFalse
        (Get-GenieContext).WarehouseTarget | Should -Be $File
    }

    It 'says what to do when a SQL warehouse is chosen without a workspace' {
        $result = Invoke-FreshPwsh -Script "Import-Module '$ModulePath'; try { Connect-GenieWarehouse -WarehouseId abc123 -ErrorAction Stop } catch { 'ID=' + `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
        ($result.Output -join "`n") | Should -Match 'ID=NotConnected'
        ($result.Output -join "`n") | Should -Match 'Connect-GenieWorkspace'
    }
}

Describe 'A DuckDB file another process holds' {
    It 'gives WarehouseLocked naming the file, not a stack trace' {
        $file = Join-Path $DataHome 'locked.duckdb'
        $ready = Join-Path $DataHome 'holder.ready'
        $script = @"
Import-Module '$ModulePath'
Connect-GenieWarehouse -Path '$file'
Invoke-GenieSql 'SELECT r.id FROM range(100000) AS r(id)' | ForEach-Object { if (`$_.id -eq 0) { Set-Content '$ready' 'x' }; Start-Sleep -Milliseconds 100 }
"@
        $pwsh = [System.Environment]::ProcessPath
        $arguments = @()
        if ([System.IO.Path]::GetFileNameWithoutExtension($pwsh) -eq 'dotnet') { $arguments += (Join-Path $PSHOME 'pwsh.dll') }
        $holder = Start-Process -FilePath $pwsh -ArgumentList ($arguments + @('-NoProfile', '-NonInteractive', '-Command', $script)) -PassThru
        try {
            $deadline = [DateTime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $ready) -and [DateTime]::UtcNow -lt $deadline -and -not $holder.HasExited) { Start-Sleep -Milliseconds 100 }
            Test-Path $ready | Should -BeTrue -Because 'the other process holds the file open while it reads'

            $failure = $null
            try { Connect-GenieWarehouse -Path $file -ErrorAction Stop } catch { $failure = $_ }
            $failure | Should -Not -BeNullOrEmpty
            $failure.FullyQualifiedErrorId | Should -BeLike 'WarehouseLocked*'
            $failure.CategoryInfo.Category | Should -Be 'ResourceBusy'
            $failure.Exception.Message | Should -BeLike "*$file*another process*"
        }
        finally {
            if (-not $holder.HasExited) { Stop-Process -Id $holder.Id -Force }
            $holder.WaitForExit()
        }

        # Once the other process is gone the file opens.
        { Connect-GenieWarehouse -Path $file -ErrorAction Stop } | Should -Not -Throw
    }
}

Describe 'ODBC inside pwsh' {
    It 'round-trips through the SQLite3 driver with the engine''s System.Data.Odbc 10.0.15 beside pwsh''s 10.0.0.14' {
        $database = Join-Path $DataHome 'isolation.sqlite'
        $result = Invoke-FreshPwsh -Script @"
Import-Module '$ModulePath' -ErrorAction Stop
`$null = [System.Data.Odbc.OdbcConnection]::new()   # pwsh's own copy, in the default context
Connect-GenieWarehouse -OdbcConnectionString 'Driver=SQLite3;Database=$database;PWD=not-shown-secret' -ErrorAction Stop
Invoke-GenieSql 'CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)' | Out-Null
Invoke-GenieSql 'INSERT INTO t (id, name) VALUES (:id, :name)' -Parameters @{ id = 1; name = 'ünï ✓' } | Out-Null
'NAME=' + (Invoke-GenieSql 'SELECT name FROM t WHERE id = :id' -Parameters @{ id = 1 }).name
'TARGET=' + (Get-GenieContext).WarehouseTarget
foreach (`$assembly in [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'System.Data.Odbc' }) {
    'ODBC=' + `$assembly.GetName().Version + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$assembly).Name
}
"@
        $text = $result.Output -join "`n"
        $result.ExitCode | Should -Be 0 -Because $text
        $result.Output | Should -Contain 'NAME=ünï ✓'
        $text | Should -Not -Match 'not-shown-secret'
        $text | Should -Match 'TARGET=.*PWD=\*\*\*'
        $result.Output | Should -Contain 'ODBC=10.0.0.15@GenieObservability.Engine'
        $result.Output | Should -Contain 'ODBC=10.0.0.14@Default'
    }
}
