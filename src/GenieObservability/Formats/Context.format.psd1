@{
    'GenieObservability.GenieContext' = @('Host', 'AuthType', 'CredentialSource', 'WarehouseKind', 'WarehouseTarget', 'Catalog', 'Schema')
}
