using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>JSON request and response bodies of the emulated REST APIs.</summary>
internal static class EmulatorJson
{
    public static Task SendAsync(HttpContext context, JsonObject body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>The request body as a JSON object; null when it is not one (the caller answers 400).</summary>
    public static async Task<JsonObject?> ReadObjectAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Runs a route body, answering a <see cref="DatabricksApiException"/> with its status and error body.</summary>
    public static async Task HandleAsync(HttpContext context, Func<Task> body)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (DatabricksApiException error)
        {
            await error.WriteAsync(context).ConfigureAwait(false);
        }
    }
}
