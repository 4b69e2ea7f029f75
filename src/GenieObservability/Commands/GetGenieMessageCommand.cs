using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Gets Genie messages by id, or lists the messages of a conversation; binds the API's snake_case names from piped objects.</summary>
[Cmdlet(VerbsCommon.Get, "GenieMessage")]
[OutputType(typeof(GenieMessage))]
public sealed class GetGenieMessageCommand : GenieContextCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNullOrEmpty]
    public string SpaceId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("conversation_id")]
    [ValidateNotNullOrEmpty]
    public string ConversationId { get; set; } = string.Empty;

    /// <summary>The messages to get; none lists the whole conversation. One parameter set, so piped objects with and without message_id both bind.</summary>
    [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
    [Alias("message_id")]
    public string[] MessageId { get; set; } = [];

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("WorkspaceHost", "workspace_url")]
    public Uri? Workspace { get; set; }

    protected override void ProcessRecord()
    {
        var genie = RequireGenie(Workspace);
        var spaceId = SpaceId;
        var conversationId = ConversationId;
        var messageIds = MessageId?.Where(id => !string.IsNullOrWhiteSpace(id)).ToArray() ?? [];
        if (messageIds.Length == 0 && MyInvocation.BoundParameters.ContainsKey(nameof(MessageId)))
        {
            // A row that names a message but carries an empty id must not turn into a listing of the whole conversation.
            EmitError(new GenieObservabilityException($"The message id for conversation {conversationId} in space {spaceId} is empty.", "EmptyMessageId", GenieErrorCategory.InvalidArgument), $"{spaceId}/{conversationId}");
            return;
        }

        if (messageIds.Length == 0)
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
