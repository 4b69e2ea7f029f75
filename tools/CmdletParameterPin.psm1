# The pinned parameter list of every cmdlet (tests/pester/cmdlet-parameters.json): names, types, parameter sets,
# mandatory, position, pipeline binding, aliases and -WhatIf support. Renaming or removing a parameter breaks scripts,
# so the Pester test fails on any difference, additions included, until the pin is regenerated on purpose with
# `dotnet pwsh ./build.ps1 pin-parameters` and the diff reviewed.
Set-StrictMode -Version Latest

$script:CommonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters

# A type name without assembly versions: System.Nullable[System.Int32], System.String[].
function Get-PinTypeName {
    param([Parameter(Mandatory)] [type] $Type)
    if ($Type.IsArray) { return (Get-PinTypeName $Type.GetElementType()) + '[]' }
    if ($Type.IsGenericType) {
        $arguments = $Type.GetGenericArguments() | ForEach-Object { Get-PinTypeName $_ }
        return ($Type.GetGenericTypeDefinition().FullName -replace '`\d+$', '') + '[' + ($arguments -join ',') + ']'
    }
    $Type.FullName
}

<#
.SYNOPSIS
    The pin of every cmdlet of a loaded module, as nested ordered dictionaries sorted by name.
#>
function Get-CmdletParameterPin {
    param([Parameter(Mandatory)] [string] $ModuleName)
    $pin = [ordered]@{}
    foreach ($command in Get-Command -Module $ModuleName -CommandType Cmdlet | Sort-Object Name) {
        $parameters = [ordered]@{}
        foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $script:CommonParameters } | Sort-Object Name) {
            $sets = [ordered]@{}
            foreach ($set in $parameter.ParameterSets.Keys | Sort-Object) {
                $attribute = $parameter.ParameterSets[$set]
                $sets[$set] = [ordered]@{
                    Mandatory                       = $attribute.IsMandatory
                    Position                        = if ($attribute.Position -eq [int]::MinValue) { $null } else { $attribute.Position }
                    ValueFromPipeline               = $attribute.ValueFromPipeline
                    ValueFromPipelineByPropertyName = $attribute.ValueFromPipelineByPropertyName
                    ValueFromRemainingArguments     = $attribute.ValueFromRemainingArguments
                }
            }
            $parameters[$parameter.Name] = [ordered]@{
                Type    = Get-PinTypeName $parameter.ParameterType
                Aliases = @($parameter.Aliases | Sort-Object)
                Sets    = $sets
            }
        }
        $pin[$command.Name] = [ordered]@{
            DefaultParameterSet   = $command.DefaultParameterSet
            SupportsShouldProcess = $command.Parameters.ContainsKey('WhatIf')
            Parameters            = $parameters
        }
    }
    $pin
}

function ConvertTo-CmdletParameterPinJson {
    param([Parameter(Mandatory)] $Pin)
    ($Pin | ConvertTo-Json -Depth 10) -replace "`r`n", "`n"
}

# One 'key' = 'value' entry per fact, so a difference reads as a sentence.
function ConvertTo-PinFact {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Pin)
    $facts = [ordered]@{}
    foreach ($cmdlet in $Pin.Keys) {
        $entry = $Pin[$cmdlet]
        $facts["$cmdlet"] = 'cmdlet'
        $facts["$cmdlet default parameter set"] = "$($entry.DefaultParameterSet)"
        $facts["$cmdlet supports -WhatIf"] = "$($entry.SupportsShouldProcess)"
        foreach ($name in $entry.Parameters.Keys) {
            $parameter = $entry.Parameters[$name]
            $facts["$cmdlet -$name"] = 'parameter'
            $facts["$cmdlet -$name type"] = "$($parameter.Type)"
            $facts["$cmdlet -$name aliases"] = (@($parameter.Aliases) -join ', ')
            foreach ($set in $parameter.Sets.Keys) {
                $binding = $parameter.Sets[$set]
                $position = if ($null -eq $binding.Position) { 'named' } else { "$($binding.Position)" }
                $facts["$cmdlet -$name in set $set"] = "Mandatory=$($binding.Mandatory) Position=$position ValueFromPipeline=$($binding.ValueFromPipeline) ValueFromPipelineByPropertyName=$($binding.ValueFromPipelineByPropertyName) ValueFromRemainingArguments=$($binding.ValueFromRemainingArguments)"
            }
        }
    }
    $facts
}

<#
.SYNOPSIS
    The differences between a pinned and an actual pin (both as parsed JSON hashtables or as Get-CmdletParameterPin
    output), one line each: 'removed: ...', 'added: ...', 'changed: ...'. Empty when they agree.
#>
function Compare-CmdletParameterPin {
    param([Parameter(Mandatory)] [System.Collections.IDictionary] $Pinned, [Parameter(Mandatory)] [System.Collections.IDictionary] $Actual)
    $expected = ConvertTo-PinFact (ConvertTo-CmdletParameterPinJson $Pinned | ConvertFrom-Json -AsHashtable)
    $found = ConvertTo-PinFact (ConvertTo-CmdletParameterPinJson $Actual | ConvertFrom-Json -AsHashtable)
    foreach ($key in $expected.Keys | Sort-Object) {
        if (-not $found.Contains($key)) { "removed: $key ($($expected[$key]))" }
        elseif ($found[$key] -ne $expected[$key]) { "changed: $key from '$($expected[$key])' to '$($found[$key])'" }
    }
    foreach ($key in $found.Keys | Sort-Object) {
        if (-not $expected.Contains($key)) { "added: $key ($($found[$key]))" }
    }
}

Export-ModuleMember -Function Get-CmdletParameterPin, ConvertTo-CmdletParameterPinJson, Compare-CmdletParameterPin
