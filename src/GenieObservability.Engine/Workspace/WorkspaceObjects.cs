using System.Text.Json;
using System.Text.Json.Nodes;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Workspace;

/// <summary>
/// The Workspace API (/api/2.0/workspace): get-status, mkdirs, import of a file's bytes, export, delete. A missing
/// object is null (get-status) or a NOT_FOUND <see cref="GenieApiException"/> (export, delete).
/// </summary>
public sealed class WorkspaceObjects(DatabricksApiClient api)
{
    private const string Base = "/api/2.0/workspace";

    /// <summary>The object at <paramref name="path"/>, or null when there is none.</summary>
    public async Task<WorkspaceObjectStatus?> GetStatusAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var status = await api.GetAsync(Base + "/get-status?path=" + Uri.EscapeDataString(path), cancellationToken).ConfigureAwait(false);
            var root = status.RootElement;
            return new WorkspaceObjectStatus(
                Text(root, "path") ?? path,
                Text(root, "object_type") ?? "UNKNOWN",
                Number(root, "object_id"),
                Number(root, "size"),
                Text(root, "language"));
        }
        catch (GenieApiException ex) when (ex.ErrorType == GenieApiErrorType.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates the folder and its missing parents; nothing happens when it exists.</summary>
    public async Task MkdirsAsync(string path, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["path"] = path }.ToJsonString();
        using var _ = await api.SendAsync(HttpMethod.Post, Base + "/mkdirs", body, idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes <paramref name="content"/> as a workspace file (format RAW: the bytes as they are, never turned into a
    /// notebook). Without <paramref name="overwrite"/> an existing object is a RESOURCE_ALREADY_EXISTS error.
    /// </summary>
    public async Task ImportFileAsync(string path, ReadOnlyMemory<byte> content, bool overwrite, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["path"] = path,
            ["format"] = "RAW",
            ["content"] = Convert.ToBase64String(content.Span),
            ["overwrite"] = overwrite,
        }.ToJsonString();

        // Repeating an overwrite writes the same bytes again; a create repeated after an ambiguous failure would fail
        // on the object the first attempt made.
        using var _ = await api.SendAsync(HttpMethod.Post, Base + "/import", body, idempotent: overwrite, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bytes of a file (format SOURCE: a file comes back as stored).</summary>
    public async Task<byte[]> ExportAsync(string path, CancellationToken cancellationToken)
    {
        using var export = await api.GetAsync(Base + "/export?format=SOURCE&path=" + Uri.EscapeDataString(path), cancellationToken).ConfigureAwait(false);
        var content = Text(export.RootElement, "content") ?? string.Empty;
        try
        {
            return Convert.FromBase64String(content);
        }
        catch (FormatException ex)
        {
            throw new GenieApiException(GenieApiErrorType.InvalidResponse, $"The export of {path} is not base64 content.", method: "GET", path: Base + "/export", innerException: ex);
        }
    }

    public async Task DeleteAsync(string path, bool recursive, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["path"] = path, ["recursive"] = recursive }.ToJsonString();
        using var _ = await api.SendAsync(HttpMethod.Post, Base + "/delete", body, idempotent: true, cancellationToken).ConfigureAwait(false);
    }

    private static string? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? Number(JsonElement json, string name) =>
        json.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : null;
}
