using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Gets Genie messages by id, or lists the messages of a conversation; binds the API's snake_case names from piped objects.</summary>
[Cmdlet(VerbsCommon.Get, "GenieMessage", DefaultParameterSetName = ByIdSet)]
[OutputType(typeof(GenieMessage))]
public sealed class GetGenieMessageCommand : GenieContextCmdlet
{
    private const string ByIdSet = "ById";
    private const string ConversationSet = "Conversation";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ConversationSet, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNullOrEmpty]
    public string SpaceId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ConversationSet, ValueFromPipelineByPropertyName = true)]
    [Alias("conversation_id")]
    [ValidateNotNullOrEmpty]
    public string ConversationId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 2, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    [Alias("message_id")]
    [ValidateNotNullOrEmpty]
    public string[] MessageId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? Workspace { get; set; }

    protected override void ProcessRecord()
    {
        var genie = RequireGenie(Workspace);
        var spaceId = SpaceId;
        var conversationId = ConversationId;
        if (ParameterSetName == ConversationSet)
        {
            Run(async cancellationToken =>
            {
                try
                {
                    await foreach (var message in genie.ListConversationMessagesAsync(spaceId, conversationId, cancellationToken).ConfigureAwait(false))
                    {
                        Emit(message);
                    }
                }
                catch (Exception ex) when (ex is GenieObservabilityException or ArgumentException)
                {
                    EmitError(ex, $"{spaceId}/{conversationId}");
                }
            });
            return;
        }

        var messageIds = MessageId;
        Run(async cancellationToken =>
        {
            foreach (var messageId in messageIds)
            {
                try
                {
                    Emit(await genie.GetMessageAsync(spaceId, conversationId, messageId, cancellationToken).ConfigureAwait(false));
                }
                catch (Exception ex) when (ex is GenieObservabilityException or ArgumentException)
                {
                    EmitError(ex, $"{spaceId}/{conversationId}/{messageId}");
                }
            }
        });
    }
}
