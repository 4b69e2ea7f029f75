# Writes the module's MAML help from Help/<Cmdlet>.psd1 (+ Help/_Shared.psd1 for parameters many cmdlets share) and
# the cmdlets' own metadata (parameter sets, types, pipeline input, [OutputType]). Fails listing every gap, so a
# cmdlet cannot ship without a synopsis, a description, an example, or help for any of its parameters.
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $HelpSource,
    [Parameter(Mandatory)] [string] $Destination
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$module = Import-Module $ModulePath -PassThru -Force
$shared = Import-PowerShellDataFile (Join-Path $HelpSource '_Shared.psd1')
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
$problems = [System.Collections.Generic.List[string]]::new()

$maml = 'http://schemas.microsoft.com/maml/2004/10'
$command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'

New-Item -ItemType Directory -Force -Path (Split-Path $Destination) | Out-Null
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$w = [System.Xml.XmlWriter]::Create($Destination, $settings)

function Write-Para([string] $text) {
    foreach ($paragraph in ($text -split "\r?\n\s*\r?\n")) {
        $w.WriteElementString('para', $maml, ($paragraph -replace '\s*\r?\n\s*', ' ').Trim())
    }
}

function Get-TypeName([type] $type) {
    if ($type -eq [System.Management.Automation.SwitchParameter]) { return 'SwitchParameter' }
    $type.FullName
}

function Write-Parameter($parameter, $setInfo, [string] $description, [bool] $inSyntax) {
    $w.WriteStartElement('command', 'parameter', $command)
    $position = if ($setInfo -and $setInfo.Position -ge 0) { [string]($setInfo.Position + 1) } else { 'named' }
    $pipeline = @()
    if ($setInfo -and $setInfo.ValueFromPipeline) { $pipeline += 'ByValue' }
    if ($setInfo -and $setInfo.ValueFromPipelineByPropertyName) { $pipeline += 'ByPropertyName' }
    $w.WriteAttributeString('required', ([string]([bool]($setInfo -and $setInfo.IsMandatory))).ToLowerInvariant())
    $w.WriteAttributeString('variableLength', 'true')
    $w.WriteAttributeString('globbing', 'false')
    $w.WriteAttributeString('pipelineInput', $(if ($pipeline) { "True ($($pipeline -join ', '))" } else { 'False' }))
    $w.WriteAttributeString('position', $position)
    $w.WriteAttributeString('aliases', $(if ($parameter.Aliases.Count) { $parameter.Aliases -join ', ' } else { 'none' }))
    $w.WriteElementString('name', $maml, $parameter.Name)
    $w.WriteStartElement('maml', 'description', $maml); Write-Para $description; $w.WriteEndElement()
    $typeName = Get-TypeName $parameter.ParameterType
    if ($parameter.ParameterType -ne [System.Management.Automation.SwitchParameter]) {
        $w.WriteStartElement('command', 'parameterValue', $command)
        $w.WriteAttributeString('required', 'true'); $w.WriteAttributeString('variableLength', 'false')
        $w.WriteString($parameter.ParameterType.Name); $w.WriteEndElement()
    }
    $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('name', $maml, $typeName); $w.WriteEndElement()
    if (-not $inSyntax) { $w.WriteElementString('defaultValue', $dev, 'None') }
    $w.WriteEndElement()
}

$w.WriteStartDocument()
$w.WriteStartElement('helpItems', 'http://msh')
$w.WriteAttributeString('schema', 'maml')

foreach ($cmd in Get-Command -Module $module.Name -CommandType Cmdlet | Sort-Object Name) {
    $file = Join-Path $HelpSource "$($cmd.Name).psd1"
    if (-not (Test-Path $file)) { $problems.Add("$($cmd.Name): no help file $file"); continue }
    $help = Import-PowerShellDataFile $file
    foreach ($key in 'Synopsis', 'Description') {
        if (-not $help.ContainsKey($key) -or [string]::IsNullOrWhiteSpace($help[$key])) { $problems.Add("$($cmd.Name): missing $key") }
    }
    if (-not $help.ContainsKey('Examples') -or @($help.Examples).Count -eq 0) { $problems.Add("$($cmd.Name): no example") }
    $parameterHelp = @{}
    if ($help.ContainsKey('Parameters')) { $parameterHelp = $help.Parameters }
    $describe = {
        param($name)
        if ($parameterHelp.ContainsKey($name)) { return $parameterHelp[$name] }
        if ($shared.Parameters.ContainsKey($name)) { return $shared.Parameters[$name] }
        $problems.Add("$($cmd.Name): no help for parameter -$name")
        ''
    }
    $parameters = @($cmd.Parameters.Values | Where-Object { $_.Name -notin $common } | Sort-Object Name)
    foreach ($name in $parameterHelp.Keys) {
        if ($name -notin $parameters.Name) { $problems.Add("$($cmd.Name): help describes -$name, which the cmdlet does not have") }
    }

    $w.WriteStartElement('command', 'command', $command)
    $w.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $w.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $w.WriteStartElement('command', 'details', $command)
    $w.WriteElementString('name', $command, $cmd.Name)
    $w.WriteElementString('verb', $command, $cmd.Verb)
    $w.WriteElementString('noun', $command, $cmd.Noun)
    $w.WriteStartElement('maml', 'description', $maml); Write-Para ([string]$help['Synopsis']); $w.WriteEndElement()
    $w.WriteEndElement()
    $w.WriteStartElement('maml', 'description', $maml); Write-Para ([string]$help['Description']); $w.WriteEndElement()

    $w.WriteStartElement('command', 'syntax', $command)
    foreach ($set in $cmd.ParameterSets) {
        $w.WriteStartElement('command', 'syntaxItem', $command)
        $w.WriteElementString('name', $maml, $cmd.Name)
        foreach ($p in $set.Parameters | Where-Object { $_.Name -notin $common }) {
            $full = $cmd.Parameters[$p.Name]
            Write-Parameter $full $p (& $describe $p.Name) $true
        }
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'parameters', $command)
    $inputTypes = [System.Collections.Generic.List[string]]::new()
    foreach ($p in $parameters) {
        $setInfo = $p.ParameterSets.Values | Sort-Object { -[int]$_.IsMandatory } | Select-Object -First 1
        Write-Parameter $p $setInfo (& $describe $p.Name) $false
        if ($p.ParameterSets.Values | Where-Object { $_.ValueFromPipeline -or $_.ValueFromPipelineByPropertyName }) {
            $inputTypes.Add((Get-TypeName $p.ParameterType))
        }
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'inputTypes', $command)
    foreach ($t in ($inputTypes | Select-Object -Unique)) {
        $w.WriteStartElement('command', 'inputType', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('name', $maml, $t); $w.WriteEndElement()
        $w.WriteStartElement('maml', 'description', $maml); Write-Para 'Accepted from the pipeline.'; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'returnValues', $command)
    foreach ($t in $cmd.OutputType) {
        $w.WriteStartElement('command', 'returnValue', $command)
        $w.WriteStartElement('dev', 'type', $dev); $w.WriteElementString('name', $maml, $t.Name); $w.WriteEndElement()
        $outputHelp = if ($help.ContainsKey('Outputs')) { [string]$help.Outputs } else { '' }
        $w.WriteStartElement('maml', 'description', $maml); Write-Para $outputHelp; $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    if ($help.ContainsKey('Notes')) {
        $w.WriteStartElement('maml', 'alertSet', $maml)
        $w.WriteStartElement('maml', 'alert', $maml); Write-Para ([string]$help.Notes); $w.WriteEndElement()
        $w.WriteEndElement()
    }

    $w.WriteStartElement('command', 'examples', $command)
    $i = 0
    foreach ($example in @($help['Examples'])) {
        $i++
        if (-not $example.Code -or -not $example.Remarks) { $problems.Add("$($cmd.Name): example $i needs Code and Remarks") }
        $w.WriteStartElement('command', 'example', $command)
        $w.WriteElementString('title', $maml, "-------------------------- Example $i --------------------------")
        $w.WriteElementString('code', $dev, ([string]$example.Code).Trim())
        $w.WriteStartElement('dev', 'remarks', $dev); Write-Para ([string]$example.Remarks); $w.WriteEndElement()
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteStartElement('command', 'relatedLinks', $command)
    foreach ($link in @($help['Links'] | Where-Object { $_ })) {
        $w.WriteStartElement('maml', 'navigationLink', $maml)
        $w.WriteElementString('linkText', $maml, $link)
        $w.WriteElementString('uri', $maml, '')
        $w.WriteEndElement()
    }
    $w.WriteEndElement()

    $w.WriteEndElement() # command
}
$w.WriteEndElement()
$w.WriteEndDocument()
$w.Dispose()

if ($problems.Count) {
    $problems | ForEach-Object { Write-Host "help: $_" }
    Remove-Item $Destination -ErrorAction SilentlyContinue
    exit 1
}
