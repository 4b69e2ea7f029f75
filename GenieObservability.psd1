@{
    RootModule             = 'GenieObservability.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core')
    GUID                   = '5b3f0d1e-7a52-4c1e-9f6c-2d8e1a9b4c70'
    Author                 = 'GenieObservability contributors'
    CompanyName            = 'GenieObservability'
    Copyright              = '(c) GenieObservability contributors. MIT License.'
    Description            = 'Observability of Databricks AI/BI Genie usage (audit pipeline, message ingestion, metrics) and safe backup and promotion of Genie spaces.'
    PowerShellVersion      = '7.4'
    RequiredAssemblies     = @('GenieObservability.Contracts.dll')
    FormatsToProcess       = @('GenieObservability.format.ps1xml')
    CmdletsToExport        = @(
        'Compare-GenieSpaceBackup'
        'Connect-GenieWarehouse'
        'Connect-GenieWorkspace'
        'Disconnect-GenieWorkspace'
        'Export-GenieObservabilityReport'
        'Export-GenieSpaceBackup'
        'Get-GenieContext'
        'Get-GenieConversation'
        'Get-GenieMessage'
        'Get-GenieMessagesToFetch'
        'Get-GenieQueryMetric'
        'Get-GenieQuestion'
        'Get-GeniePipelineValidation'
        'Get-GenieSpace'
        'Get-GenieSpaceMetrics'
        'Get-GenieUsage'
        'Import-GenieAuditLog'
        'Import-GenieMessageDetails'
        'Install-GenieObservabilitySchema'
        'Install-GeniePipeline'
        'Invoke-GenieApiRequest'
        'Invoke-GenieObservabilityJob'
        'Invoke-GeniePipelineRefresh'
        'Invoke-GenieSql'
        'Publish-GenieSpace'
        'Sync-GenieQueryMetric'
        'Sync-GenieSpaceDetails'
        'Sync-GenieSpaceEvaluation'
        'Uninstall-GeniePipeline'
    )
    FunctionsToExport      = @()
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('Databricks', 'Genie', 'AIBI', 'Observability', 'Audit', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ReleaseNotes = 'See README.md.'
        }
    }
}
