# Every cmdlet's parameter list is pinned in cmdlet-parameters.json: a rename or removal breaks the scripts that use it,
# and an addition is reviewed, so any difference fails until the pin is regenerated on purpose
# (`dotnet pwsh ./build.ps1 pin-parameters`) and its diff committed.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $repoRoot = if ($env:GENIE_REPO_ROOT) { $env:GENIE_REPO_ROOT } else { Join-Path $PSScriptRoot '../..' }
    Import-Module (Join-Path $repoRoot 'tools/CmdletParameterPin.psm1') -Force
    $script:PinPath = Join-Path $PSScriptRoot 'cmdlet-parameters.json'
    $script:Actual = Get-CmdletParameterPin -ModuleName GenieObservability

    # The actual pin as the file would hold it, to change one thing in.
    function Copy-Pin { ConvertTo-CmdletParameterPinJson $Actual | ConvertFrom-Json -AsHashtable }
}

Describe 'The pinned cmdlet parameters' {
    It 'match every cmdlet of the published module' {
        Test-Path $PinPath | Should -BeTrue -Because 'the pin is written by: dotnet pwsh ./build.ps1 pin-parameters'
        $differences = @(Compare-CmdletParameterPin -Pinned (Get-Content -Raw $PinPath | ConvertFrom-Json -AsHashtable) -Actual $Actual)
        $differences -join "`n" | Should -BeNullOrEmpty -Because 'a renamed or removed parameter breaks scripts; if the change is intended, run dotnet pwsh ./build.ps1 pin-parameters and commit the reviewed diff of tests/pester/cmdlet-parameters.json'
    }

    It 'covers every exported cmdlet' {
        @($Actual.Keys) | Should -Be @(Get-Command -Module GenieObservability -CommandType Cmdlet | Sort-Object Name | ForEach-Object Name)
        $Actual['Invoke-GenieSql'].Parameters['Query'].Sets['__AllParameterSets'].ValueFromPipeline | Should -BeTrue
    }

    It 'reports a renamed parameter as one removed and one added' {
        $pinned = Copy-Pin
        $parameters = $pinned['Invoke-GenieSql'].Parameters
        $parameters['Statement'] = $parameters['Query']
        $parameters.Remove('Query')
        $differences = @(Compare-CmdletParameterPin -Pinned $pinned -Actual $Actual)
        $differences | Should -Contain 'removed: Invoke-GenieSql -Statement (parameter)'
        $differences | Should -Contain 'added: Invoke-GenieSql -Query (parameter)'
    }

    It 'reports a new parameter, a moved position, a changed type, a lost alias, -WhatIf and a new cmdlet' {
        $pinned = Copy-Pin
        $pinned['Invoke-GenieSql'].Parameters.Remove('Parameters')
        $pinned['Invoke-GenieSql'].Parameters['Query'].Sets['__AllParameterSets'].Position = 3
        $pinned['Invoke-GenieSql'].Parameters['Query'].Type = 'System.Object'
        $pinned['Invoke-GenieSql'].Parameters['Query'].Aliases = @('Sql')
        $pinned['Invoke-GenieSql'].SupportsShouldProcess = $true
        $pinned.Remove('Get-GenieContext')
        $differences = @(Compare-CmdletParameterPin -Pinned $pinned -Actual $Actual)
        $differences | Should -Contain 'added: Invoke-GenieSql -Parameters (parameter)'
        $differences | Should -Contain "changed: Invoke-GenieSql -Query in set __AllParameterSets from 'Mandatory=True Position=3 ValueFromPipeline=True ValueFromPipelineByPropertyName=False ValueFromRemainingArguments=False' to 'Mandatory=True Position=0 ValueFromPipeline=True ValueFromPipelineByPropertyName=False ValueFromRemainingArguments=False'"
        $differences | Should -Contain "changed: Invoke-GenieSql -Query type from 'System.Object' to 'System.String'"
        $differences | Should -Contain "changed: Invoke-GenieSql -Query aliases from 'Sql' to ''"
        $differences | Should -Contain "changed: Invoke-GenieSql supports -WhatIf from 'True' to 'False'"
        $differences | Should -Contain 'added: Get-GenieContext (cmdlet)'
    }
}
