BeforeDiscovery {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    Import-Module (Get-GenieModulePath) -Force
    $script:CmdletCases = @(Get-Command -Module GenieObservability -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestHelpers.psm1') -Force
    $script:ModulePath = Get-GenieModulePath
    $script:Module = Import-Module $ModulePath -PassThru -Force
    $script:Cmdlets = Get-Command -Module GenieObservability -CommandType Cmdlet
}

Describe 'The published module' {
    It 'imports in a fresh pwsh and lists its cmdlets' {
        $result = Invoke-FreshPwsh -Script "Import-Module '$ModulePath' -ErrorAction Stop; (Get-Command -Module GenieObservability).Count"
        $result.ExitCode | Should -Be 0
        [int]($result.Output[-1]) | Should -Be $Cmdlets.Count
    }

    It 'exports exactly the cmdlets its assembly defines' {
        $defined = $Module.ImplementingAssembly.GetExportedTypes() |
            Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
            ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
        ($Cmdlets.Name | Sort-Object) | Should -Be ($defined | Sort-Object)
    }

    It 'keeps the engine and its dependencies out of the module root' {
        $root = Split-Path $ModulePath
        Test-Path (Join-Path $root 'GenieObservability.Engine.dll') | Should -BeFalse
        Test-Path (Join-Path $root 'dependencies/GenieObservability.Engine.dll') | Should -BeTrue
        Test-Path (Join-Path $root 'dependencies/GenieObservability.Contracts.dll') | Should -BeFalse
    }
}

Describe 'Cmdlet <Name>' -ForEach $CmdletCases {
    BeforeAll {
        $script:Command = Get-Command $Name
        $script:Help = Get-Help $Name -Full
        $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $Command.Verb
    }

    It 'declares its output type' {
        $Command.OutputType.Count | Should -BeGreaterThan 0
    }

    It 'has a synopsis and a description' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match '^\s*\S+-\S+\s*\['   # the generated syntax line means no help was found
        ($Help.description.Text -join ' ') | Should -Not -BeNullOrEmpty
    }

    It 'has at least one example' {
        @($Help.examples.example).Count | Should -BeGreaterThan 0
        @($Help.examples.example)[0].code | Should -Not -BeNullOrEmpty
    }

    It 'describes every parameter' {
        foreach ($name in $Command.Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $parameter = $Help.parameters.parameter | Where-Object name -EQ $name
            $parameter | Should -Not -BeNullOrEmpty -Because "-$name needs help"
            ($parameter.description.Text -join ' ') | Should -Not -BeNullOrEmpty -Because "-$name needs a description"
        }
    }

    It 'has a default table view for each output type' {
        foreach ($type in $Command.OutputType.Type | Where-Object { $_ -and $_ -ne [void] }) {
            if ($type.Namespace -notlike 'GenieObservability*') { continue }
            Get-FormatData -TypeName $type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.FullName) needs a view"
        }
    }

    It 'supports -WhatIf when it changes anything' {
        if ($Command.Verb -in 'Connect', 'Disconnect', 'Import', 'Install', 'Invoke', 'Publish', 'Sync', 'Export', 'Remove', 'Set', 'New', 'Update') {
            if ($Command.Name -notin 'Invoke-GenieSql', 'Invoke-GenieApiRequest', 'Connect-GenieWorkspace', 'Connect-GenieWarehouse') {
                $Command.Parameters.Keys | Should -Contain 'WhatIf'
            }
        }
    }
}
