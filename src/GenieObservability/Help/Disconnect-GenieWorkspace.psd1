@{
    Synopsis    = 'Forgets the connection of the current runspace.'
    Description = @'
Removes the current runspace's GenieContext and discards the access tokens cached for it. Other runspaces in the same process keep their connections. After this, data cmdlets use the embedded warehouse and workspace cmdlets fail until Connect-GenieWorkspace is run again.
'@
    Outputs     = 'None.'
    Examples    = @(
        @{
            Code    = 'Disconnect-GenieWorkspace'
            Remarks = 'Disconnects the current runspace.'
        }
    )
    Links       = @('Connect-GenieWorkspace', 'Get-GenieContext')
}
