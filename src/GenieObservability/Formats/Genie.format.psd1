@{
    'GenieObservability.GenieSpace'               = @('SpaceId', 'Title', 'WarehouseId', 'ParentPath', @{ Label = 'Updated'; Script = '$_.UpdateTime' }, @{ Label = 'Serialized'; Script = 'if ($null -ne $_.SerializedSpace) { "{0:N0} chars" -f $_.SerializedSpace.Length }' })
    'GenieObservability.GenieMessage'             = @('SpaceId', 'ConversationId', 'MessageId', 'Status', 'CreatedTimestamp', @{ Label = 'Attachments'; Script = '$_.AttachmentCount' }, @{ Label = 'Content'; Script = 'if ($_.Content -and $_.Content.Length -gt 60) { $_.Content.Substring(0, 57) + "..." } else { $_.Content }' })
    'GenieObservability.GenieConversationSummary' = @('SpaceId', 'ConversationId', 'CreatedTimestamp', 'Title')
}
