# Help for parameters several cmdlets share. A cmdlet's own Help/<Name>.psd1 overrides an entry here.
@{
    Parameters = @{
        Context = 'The connection to use, as returned by Connect-GenieWorkspace -PassThru or Get-GenieContext. Defaults to the connection of the current runspace; with none, the embedded DuckDB warehouse in the per-user data folder and no workspace.'
        WhatIf  = 'Shows what the cmdlet would do without doing it.'
        Confirm = 'Asks for confirmation before each change.'
    }
}
