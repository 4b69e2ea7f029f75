@{
    Synopsis    = 'Calls any Databricks workspace REST API path with the connected credential.'
    Description = @'
Sends one request to a path of the workspace REST API (for example /api/2.0/genie/spaces) with the connection's bearer token, the module's retry policy and error classification, and returns the JSON response as objects, like ConvertFrom-Json. Only relative paths are accepted, so the token is never sent to another host.

-Body takes a JSON string, which is sent as is, or any object (hashtable, PSCustomObject), which is converted to JSON. GET, PUT and DELETE are repeated after a timeout or dropped connection; POST and PATCH only after 429/503, which the server did not process. Every method other than GET asks for confirmation through -WhatIf/-Confirm (ConfirmImpact Medium); -WhatIf sends nothing. In unattended runbooks pass -Confirm:$false. A failed call is a non-terminating error with a stable id such as GenieApi.NOT_FOUND.
'@
    Outputs     = 'The parsed JSON response as PSObjects; nothing for -WhatIf.'
    Parameters  = @{
        Method    = 'The HTTP method: GET (default), POST, PATCH, PUT or DELETE.'
        Path      = 'The API path with its query string, starting with /, for example /api/2.0/genie/spaces?page_size=10.'
        Body      = 'The request body: a JSON string sent as is, or an object converted to JSON.'
        Workspace = 'The workspace URL to call instead of the connected one, with the same credential.'
    }
    Examples    = @(
        @{
            Code    = "Invoke-GenieApiRequest -Path '/api/2.0/genie/spaces?page_size=5'"
            Remarks = 'Lists the first five spaces as raw API objects.'
        }
        @{
            Code    = "Invoke-GenieApiRequest -Method PATCH -Path /api/2.0/genie/spaces/s1 -Body @{ title = 'Sales (prod)' } -WhatIf"
            Remarks = 'Shows what would be sent without sending it.'
        }
    )
    Links       = @('Get-GenieSpace', 'Get-GenieMessage')
}
