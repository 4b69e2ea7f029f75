@{
    Synopsis    = 'Shows the workspace and warehouse this runspace is connected to.'
    Description = @'
Returns the GenieContext of the current runspace: the workspace URL, how requests are authenticated (PAT, OAuth M2M, Entra service principal, managed identity) and from where the credential came, and the warehouse the tables live in (embedded DuckDB file, SQL warehouse over the Statement Execution API, or ODBC) with its catalog and schema.

The context never contains a token, secret or password; ODBC connection strings are shown with their secrets removed. Returns nothing when the runspace is not connected. Each runspace has its own context, so runbook jobs that share a process do not see each other's connections.
'@
    Outputs     = 'The current connection, without secrets.'
    Examples    = @(
        @{
            Code    = 'Get-GenieContext'
            Remarks = 'Shows the current connection, or nothing when not connected.'
        }
        @{
            Code    = 'if (-not (Get-GenieContext)) { Connect-GenieWorkspace -Identity }'
            Remarks = 'Connects with the managed identity only when the runspace is not connected yet, as a runbook would.'
        }
    )
    Links       = @('Connect-GenieWorkspace', 'Disconnect-GenieWorkspace')
}
