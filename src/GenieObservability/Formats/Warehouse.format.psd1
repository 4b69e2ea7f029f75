@{
    'GenieObservability.GenieSchemaObject' = @('Status', 'ObjectType', 'Name', 'WarehouseKind', 'RowsChanged')
}
