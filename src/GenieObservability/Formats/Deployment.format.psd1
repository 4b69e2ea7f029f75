@{
    'GenieObservability.GeniePipelineInstallation' = @('Operation', 'Name', 'PipelineId', 'File', 'Tables', 'Pipeline', 'Changed', 'Summary')
    'GenieObservability.GenieDeploymentChange'     = @('Resource', 'Target', 'Action', 'Applied', 'Detail')
}
