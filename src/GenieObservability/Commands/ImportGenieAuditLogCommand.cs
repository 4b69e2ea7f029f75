using System.Collections;
using System.Globalization;
using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Fills the embedded audit and workspaces tables from JSON-lines audit files (system-table exports or delivered logs).
/// A malformed line is data: skipped, counted (MalformedLines) and named in one warning; a file that does not exist
/// is an error; input in which not one line is an audit record fails the command as a whole.
/// </summary>
[Cmdlet(VerbsData.Import, "GenieAuditLog", SupportsShouldProcess = true, DefaultParameterSetName = PathSet)]
[OutputType(typeof(GenieAuditImportResult))]
public sealed class ImportGenieAuditLogCommand : GenieContextCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    private const int MalformedExamples = 3;

    private readonly List<string> _files = [];

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[] Path { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = LiteralPathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = [];

    [Parameter]
    [ValidateNotNull]
    public Hashtable? WorkspaceUrl { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var literal = ParameterSetName == LiteralPathSet;
        foreach (var path in literal ? LiteralPath : Path)
        {
            try
            {
                var resolved = literal
                    ? [SessionState.Path.GetUnresolvedProviderPathFromPSPath(path)]
                    : SessionState.Path.GetResolvedProviderPathFromPSPath(path, out _).ToList();
                foreach (var file in resolved)
                {
                    if (File.Exists(file))
                    {
                        _files.Add(file);
                    }
                    else if (!Directory.Exists(file) || literal)
                    {
                        WriteError(new ErrorRecord(new FileNotFoundException($"Audit file '{file}' does not exist.", file), "AuditFileNotFound", ErrorCategory.ObjectNotFound, path));
                    }
                }
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, "AuditFileNotFound", ErrorCategory.ObjectNotFound, path));
            }
        }
    }

    protected override void EndProcessing()
    {
        var urls = ReadWorkspaceUrls();
        var files = _files.Distinct(StringComparer.Ordinal).ToList();
        if (files.Count == 0 && urls.Count == 0)
        {
            return;
        }

        var target = files.Count == 1 ? files[0] : $"{files.Count} audit files";
        if (!ShouldProcess(target, "Import audit rows into the embedded warehouse"))
        {
            return;
        }

        var malformed = new List<string>();
        var result = WithWarehouse(target, (warehouse, cancellationToken) => new Engine.Pipeline.AuditLogImporter(warehouse, Log).ImportAsync(
            files,
            urls,
            error =>
            {
                Log.Verbose($"Skipped {error}");
                if (malformed.Count < MalformedExamples)
                {
                    malformed.Add($"{error.File}:{error.LineNumber} ({error.Reason})");
                }
            },
            cancellationToken));

        WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Imported {result.RowsImported:N0} new audit rows from {files.Count} file(s); {result.DuplicateRows:N0} already present, {result.MalformedLines:N0} malformed."));
        if (result.MalformedLines > 0 && result.MalformedLines == result.LinesRead)
        {
            Fail(
                $"Not one of the {result.LinesRead:N0} lines is an audit record (JSON lines exported from system.access.audit, or delivered audit logs), e.g. {malformed[0]}. Check the files given.",
                "NoAuditRecords",
                ErrorCategory.InvalidData,
                target);
        }

        if (result.MalformedLines > 0)
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture, $"{result.MalformedLines:N0} of {result.LinesRead:N0} lines were not audit records and were skipped: {string.Join("; ", malformed)}{(result.MalformedLines > malformed.Count ? "; ..." : string.Empty)}. -Verbose lists them all."));
        }
        if (PassThru)
        {
            WriteObject(result);
        }
    }

    private Dictionary<string, string> ReadWorkspaceUrls()
    {
        var urls = new Dictionary<string, string>(StringComparer.Ordinal);
        if (WorkspaceUrl is null)
        {
            return urls;
        }

        foreach (DictionaryEntry entry in WorkspaceUrl)
        {
            var id = Convert.ToString(entry.Key, CultureInfo.InvariantCulture)?.Trim();
            var url = Convert.ToString(entry.Value is PSObject ps ? ps.BaseObject : entry.Value, CultureInfo.InvariantCulture)?.Trim();
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(url))
            {
                Fail("-WorkspaceUrl needs entries of the form @{ '<workspace id>' = 'https://<host>' }.", "InvalidWorkspaceUrl", ErrorCategory.InvalidArgument, WorkspaceUrl);
            }

            urls[id!] = url!;
        }

        return urls;
    }
}
