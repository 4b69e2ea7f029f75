using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// Feedback and comments of Genie messages (contract 2026 §3 and §5; databricks-sdk-go v0.175.0 service/dashboards
/// impl.go): POST …/messages/{m}/feedback {rating, comment?} (empty response; a comment is also stored as a comment),
/// POST and GET (paged) …/messages/{m}/comments, GET …/conversations/{c}/list-comments; plus
/// /_emulator/genie/comments to seed comments and /_emulator/genie/comments/delete to delete one.
/// </summary>
internal static class GenieFeedbackRoutes
{
    private const string Conversation = "/api/2.0/genie/spaces/{spaceId}/conversations/{conversationId}";
    private static readonly string[] Ratings = ["POSITIVE", "NEGATIVE", "NONE"];

    public static void Map(WebApplication app, EmulatorState state)
    {
        var messages = state.Genie;
        var comments = state.GenieComments;

        app.MapPost(Conversation + "/messages/{messageId}/feedback", async (HttpContext context, string spaceId, string conversationId, string messageId) =>
        {
            using var body = await GenieRoutes.ReadObject(context).ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            var rating = GenieRoutes.String(body.RootElement, "rating");
            if (rating is null || !Ratings.Contains(rating))
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "rating must be POSITIVE, NEGATIVE or NONE.").ConfigureAwait(false);
                return;
            }

            var comment = GenieRoutes.String(body.RootElement, "comment");
            if (!messages.SetFeedback(spaceId, conversationId, messageId, rating, comment))
            {
                await DatabricksErrors.NotFound(context, $"Message {messageId} in conversation {conversationId}").ConfigureAwait(false);
                return;
            }

            if (!string.IsNullOrEmpty(comment))
            {
                comments.Create(spaceId, conversationId, messageId, comment, messages.CurrentUserId);
            }

            await GenieRoutes.WriteJson(context, messages, []).ConfigureAwait(false);
        });

        app.MapPost(Conversation + "/messages/{messageId}/comments", async (HttpContext context, string spaceId, string conversationId, string messageId) =>
        {
            using var body = await GenieRoutes.ReadObject(context).ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            var content = GenieRoutes.String(body.RootElement, "content");
            if (string.IsNullOrEmpty(content))
            {
                await DatabricksErrors.WriteAsync(context, 400, "INVALID_PARAMETER_VALUE", "content is required.").ConfigureAwait(false);
                return;
            }

            if (messages.GetMessage(spaceId, conversationId, messageId) is null)
            {
                await DatabricksErrors.NotFound(context, $"Message {messageId} in conversation {conversationId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WriteJson(context, messages, comments.Create(spaceId, conversationId, messageId, content, messages.CurrentUserId)).ConfigureAwait(false);
        });

        app.MapGet(Conversation + "/messages/{messageId}/comments", async (HttpContext context, string spaceId, string conversationId, string messageId) =>
        {
            if (messages.GetMessage(spaceId, conversationId, messageId) is null)
            {
                await DatabricksErrors.NotFound(context, $"Message {messageId} in conversation {conversationId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WritePage(context, messages, "comments", comments.List(spaceId, conversationId, messageId)).ConfigureAwait(false);
        });

        app.MapGet(Conversation + "/list-comments", async (HttpContext context, string spaceId, string conversationId) =>
        {
            if (!messages.ConversationExists(spaceId, conversationId))
            {
                await DatabricksErrors.NotFound(context, $"Conversation {conversationId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WritePage(context, messages, "comments", comments.List(spaceId, conversationId, null)).ConfigureAwait(false);
        });

        app.MapPost("/_emulator/genie/comments", (HttpContext context) => GenieRoutes.Upsert(context, comments.Upsert));
        app.MapPost("/_emulator/genie/comments/delete", (HttpContext context) => GenieRoutes.Upsert(context, element =>
            new JsonObject { ["deleted"] = comments.Delete(GenieRoutes.String(element, "message_comment_id") ?? string.Empty) }));
    }
}
