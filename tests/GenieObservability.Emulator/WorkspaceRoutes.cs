using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// The Workspace API (/api/2.0/workspace): get-status, list, mkdirs, import (JSON or multipart form), export (JSON
/// with base64 content, or the bytes with direct_download=true) and delete, over <see cref="WorkspaceStore"/>.
/// </summary>
internal static class WorkspaceRoutes
{
    private const string Base = "/api/2.0/workspace";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var store = state.Workspace;

        app.MapGet(Base + "/get-status", (HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var path = context.Request.Query["path"].ToString();
            var item = store.Find(path) ?? throw new DatabricksApiException(404, "RESOURCE_DOES_NOT_EXIST", $"Path ({path}) doesn't exist.");
            return EmulatorJson.SendAsync(context, WorkspaceStore.Info(item, WorkspaceStore.UsesMountPrefix(path)));
        }));

        app.MapGet(Base + "/list", (HttpContext context) => EmulatorJson.HandleAsync(context, () =>
        {
            var path = context.Request.Query["path"].ToString();
            long? after = long.TryParse(context.Request.Query["notebooks_modified_after"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : null;
            var objects = store.List(path, after);
            var mount = WorkspaceStore.UsesMountPrefix(path);
            // An empty folder lists as {} (no "objects" key), as the service answers.
            var body = objects.Count == 0 ? new JsonObject() : new JsonObject { ["objects"] = new JsonArray(objects.Select(o => (JsonNode)WorkspaceStore.Info(o, mount)).ToArray()) };
            return EmulatorJson.SendAsync(context, body);
        }));

        app.MapPost(Base + "/mkdirs", (HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var body = await RequireObjectAsync(context).ConfigureAwait(false);
            store.Mkdirs((string?)body["path"] ?? string.Empty);
            await EmulatorJson.SendAsync(context, new JsonObject()).ConfigureAwait(false);
        }));

        app.MapPost(Base + "/import", (HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var request = context.Request.HasFormContentType ? await ReadFormImportAsync(context).ConfigureAwait(false) : await ReadJsonImportAsync(context).ConfigureAwait(false);
            store.Import(request.Path, request.Format, request.Language, request.Content, request.Overwrite);
            await EmulatorJson.SendAsync(context, new JsonObject()).ConfigureAwait(false);
        }));

        app.MapGet(Base + "/export", (HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var query = context.Request.Query;
            var (content, fileType) = store.Export(query["path"].ToString(), query["format"].ToString());
            if (string.Equals(query["direct_download"], "true", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(content, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await EmulatorJson.SendAsync(context, new JsonObject { ["content"] = Convert.ToBase64String(content), ["file_type"] = fileType }).ConfigureAwait(false);
        }));

        app.MapPost(Base + "/delete", (HttpContext context) => EmulatorJson.HandleAsync(context, async () =>
        {
            var body = await RequireObjectAsync(context).ConfigureAwait(false);
            store.Delete((string?)body["path"] ?? string.Empty, body["recursive"] is JsonValue recursive && recursive.GetValue<bool>());
            await EmulatorJson.SendAsync(context, new JsonObject()).ConfigureAwait(false);
        }));
    }

    private static async Task<JsonObject> RequireObjectAsync(HttpContext context) =>
        await EmulatorJson.ReadObjectAsync(context).ConfigureAwait(false)
            ?? throw new DatabricksApiException(400, "MALFORMED_REQUEST", "The request body is not a JSON object.");

    private static async Task<ImportRequest> ReadJsonImportAsync(HttpContext context)
    {
        var body = await RequireObjectAsync(context).ConfigureAwait(false);
        byte[] content;
        try
        {
            content = Convert.FromBase64String((string?)body["content"] ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "content is not valid base64.");
        }

        return new ImportRequest((string?)body["path"] ?? string.Empty, (string?)body["format"], (string?)body["language"], content, body["overwrite"] is JsonValue o && o.GetValue<bool>());
    }

    /// <summary>The multipart form the Python and Go SDKs' upload helpers send: the content as a file part.</summary>
    private static async Task<ImportRequest> ReadFormImportAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        var file = form.Files.GetFile("content") ?? throw new DatabricksApiException(400, "INVALID_PARAMETER_VALUE", "Missing required field: content.");
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, context.RequestAborted).ConfigureAwait(false);
        var language = form["language"].ToString();
        return new ImportRequest(
            form["path"].ToString(),
            form["format"].ToString(),
            language.Length == 0 ? null : language,
            buffer.ToArray(),
            string.Equals(form["overwrite"], "true", StringComparison.OrdinalIgnoreCase));
    }

    private sealed record ImportRequest(string Path, string? Format, string? Language, byte[] Content, bool Overwrite);
}
