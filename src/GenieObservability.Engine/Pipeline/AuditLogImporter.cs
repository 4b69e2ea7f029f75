using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// Fills the embedded warehouse's audit and workspaces tables from JSON-lines files in either audit shape. Each line
/// is parsed and normalised here (so a bad line is reported with its file and line number and the rest still load),
/// written to one temporary JSON-lines file, then bulk-loaded by DuckDB's read_json in one statement that skips
/// event ids already present: importing the same file twice adds nothing.
/// </summary>
public sealed class AuditLogImporter(IWarehouse warehouse, IOperationLog? log = null)
{
    private readonly IOperationLog _log = log ?? NullOperationLog.Instance;

    /// <param name="files">Files to read, in order.</param>
    /// <param name="workspaceUrls">workspace id → URL (and optionally more), overriding URLs found in the rows.</param>
    /// <param name="onMalformed">Called for every skipped line; the import goes on.</param>
    public async Task<GenieAuditImportResult> ImportAsync(
        IReadOnlyList<string> files,
        IReadOnlyDictionary<string, string>? workspaceUrls = null,
        Action<AuditImportError>? onMalformed = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        EmbeddedPipelineEngine.RequireEmbedded(warehouse);
        var started = Stopwatch.GetTimestamp();
        var result = new GenieAuditImportResult { Files = files.ToList() };
        var workspaces = new SortedDictionary<string, (string? Url, string? Name)>(StringComparer.Ordinal);
        var genieWorkspaces = new HashSet<string>(StringComparer.Ordinal);
        var staging = Path.Combine(Path.GetTempPath(), $"genie-audit-{Guid.NewGuid():N}.jsonl");
        long normalised = 0;
        try
        {
            var stream = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            await using (stream.ConfigureAwait(false))
            {
                using var writer = new Utf8JsonWriter(stream);
                for (var index = 0; index < files.Count; index++)
                {
                    var file = files[index];
                    _log.Progress(new OperationProgress(1, "Import-GenieAuditLog", $"Reading {Path.GetFileName(file)} ({index + 1}/{files.Count})", index * 100 / files.Count));
                    normalised += await ReadFileAsync(file, stream, writer, result, workspaces, genieWorkspaces, onMalformed, cancellationToken).ConfigureAwait(false);
                }
            }

            _log.Verbose($"Read and normalised {normalised:N0} rows in {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s.");
            _log.Progress(new OperationProgress(1, "Import-GenieAuditLog", $"Loading {normalised:N0} rows into the audit table", 99));
            foreach (var statement in EmbeddedSql.Statements("inputs", warehouse.Tables))
            {
                await warehouse.ExecuteAsync(statement, null, cancellationToken).ConfigureAwait(false);
            }

            if (normalised > 0)
            {
                var inserted = await warehouse.ExecuteAsync(
                    EmbeddedSql.Statement("import_audit", warehouse.Tables),
                    new Dictionary<string, object?> { ["path"] = staging, ["imported_at"] = DateTime.UtcNow },
                    cancellationToken).ConfigureAwait(false);
                result.RowsImported = Math.Max(0, inserted);
            }

            result.DuplicateRows = normalised - result.RowsImported;
            await UpsertWorkspacesAsync(workspaces, workspaceUrls, cancellationToken).ConfigureAwait(false);
            result.Workspaces = workspaces.Keys.ToList();
            var withoutUrl = new List<string>();
            await foreach (var row in warehouse.QueryAsync(EmbeddedSql.Statement("workspaces_without_url", warehouse.Tables), null, cancellationToken).ConfigureAwait(false))
            {
                var id = Convert.ToString(row[0], CultureInfo.InvariantCulture)!;
                if (genieWorkspaces.Contains(id))
                {
                    withoutUrl.Add(id);
                }
            }

            result.WorkspacesWithoutUrl = withoutUrl;
            if (withoutUrl.Count > 0)
            {
                _log.Warning($"No URL is known for workspace(s) {string.Join(", ", withoutUrl)}: their messages cannot be fetched. Pass -WorkspaceUrl @{{ '<id>' = 'https://...' }}.");
            }
        }
        finally
        {
            File.Delete(staging);
            _log.Progress(new OperationProgress(1, "Import-GenieAuditLog", "Done", 100, Completed: true));
        }

        result.Duration = Stopwatch.GetElapsedTime(started);
        _log.Verbose($"Imported {result.RowsImported:N0} of {result.LinesRead:N0} audit lines ({result.DuplicateRows:N0} already present, {result.MalformedLines:N0} malformed) in {result.Duration.TotalSeconds:N1} s.");
        return result;
    }

    private static async Task<long> ReadFileAsync(
        string file,
        Stream stream,
        Utf8JsonWriter writer,
        GenieAuditImportResult result,
        SortedDictionary<string, (string? Url, string? Name)> workspaces,
        HashSet<string> genieWorkspaces,
        Action<AuditImportError>? onMalformed,
        CancellationToken cancellationToken)
    {
        long written = 0;
        long lineNumber = 0;
        var sourceName = Path.GetFileName(file);
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, new FileStreamOptions { BufferSize = 1 << 16 });
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            result.LinesRead++;
            var error = AuditRecordNormalizer.TryNormalize(line, sourceName, writer, out var info);
            if (error is not null)
            {
                result.MalformedLines++;
                writer.Reset();
                onMalformed?.Invoke(new AuditImportError(file, lineNumber, error));
                continue;
            }

            writer.Flush();
            writer.Reset();
            stream.WriteByte((byte)'\n');
            written++;
            if (info.Shape == AuditRecordNormalizer.Shape.SystemTable)
            {
                result.SystemTableRows++;
            }
            else
            {
                result.DeliveredLogRows++;
            }

            if (info.IsGenie)
            {
                genieWorkspaces.Add(info.WorkspaceId);
            }

            workspaces.TryGetValue(info.WorkspaceId, out var known);
            if (known.Url is null || known.Name is null)
            {
                workspaces[info.WorkspaceId] = (known.Url ?? UrlFromRow(info.WorkspaceUrl), known.Name ?? info.WorkspaceName);
            }
        }

        return written;
    }

    private async Task UpsertWorkspacesAsync(
        SortedDictionary<string, (string? Url, string? Name)> seen,
        IReadOnlyDictionary<string, string>? overrides,
        CancellationToken cancellationToken)
    {
        foreach (var (id, url) in overrides ?? new Dictionary<string, string>())
        {
            seen.TryGetValue(id, out var known);
            seen[id] = (NormalizeUrl(url) ?? known.Url, known.Name);
        }

        var sql = EmbeddedSql.Statement("upsert_workspace", warehouse.Tables);
        foreach (var (id, (url, name)) in seen)
        {
            await warehouse.ExecuteAsync(
                sql,
                new Dictionary<string, object?> { ["workspace_id"] = id, ["workspace_name"] = name, ["workspace_url"] = url },
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A URL column of a row: one that is not a URL is ignored rather than failing the import.</summary>
    private static string? UrlFromRow(string? url)
    {
        try
        {
            return NormalizeUrl(url);
        }
        catch (GenieObservabilityException)
        {
            return null;
        }
    }

    /// <summary>https://host without a trailing slash; a bare host name gets https://. Anything else is not a workspace URL.</summary>
    internal static string? NormalizeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new GenieObservabilityException($"'{url}' is not a workspace URL (expected https://<host>).", "InvalidWorkspaceUrl", GenieErrorCategory.InvalidArgument);
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }
}
