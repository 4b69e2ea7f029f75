using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Sync;

namespace GenieObservability.Commands;

/// <summary>
/// Writes the backup of each space into a folder (one canonical JSON file per space, or with -Format Bundle the layout
/// of a Databricks Asset Bundle): from piped space details, or from genie_space_details with -FromWarehouse. Unchanged
/// files are not rewritten; a failed or empty fetch never overwrites a good file. Spaces skipped for that reason are
/// counted in one warning.
/// </summary>
[Cmdlet(VerbsData.Export, "GenieSpaceBackup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(GenieSpaceBackupResult))]
public sealed class ExportGenieSpaceBackupCommand : GenieContextCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string WarehouseSet = "FromWarehouse";

    private readonly List<string> _skipped = [];
    private SpaceBackupWriter? _writer;

    /// <summary>The backup folder (for -Format Bundle, the bundle root); created when missing.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Json (default): one canonical file per space. Bundle: src/&lt;key&gt;.geniespace.json and resources/&lt;key&gt;.genie_space.yml.</summary>
    [Parameter]
    public GenieSpaceBackupFormat Format { get; set; } = GenieSpaceBackupFormat.Json;

    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public GenieSpaceDetail? InputObject { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = WarehouseSet)]
    public SwitchParameter FromWarehouse { get; set; }

    [Parameter(ParameterSetName = WarehouseSet)]
    [ValidateNotNullOrEmpty]
    public string[]? WorkspaceId { get; set; }

    [Parameter(ParameterSetName = WarehouseSet)]
    [ValidateNotNullOrEmpty]
    public string[]? SpaceId { get; set; }

    /// <summary>Emit a GenieSpaceBackupResult per space (file, changed or not, why skipped).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        var folder = GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(folder))
        {
            Fail($"-Path '{folder}' is a file; give the folder the backups go into.", "BackupPathIsAFile", ErrorCategory.InvalidArgument, Path);
        }

        try
        {
            _writer = new SpaceBackupWriter(folder, Format);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, Path);
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            Export(InputObject!);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == WarehouseSet)
        {
            ExportFromWarehouse();
        }

        var index = _writer!.Index;
        if (index.NeedsSave && ShouldProcess(index.Path, "Update the backup index (etag and content hash of each space)"))
        {
            index.Save();
        }

        if (_skipped.Count > 0)
        {
            WriteWarning($"{_skipped.Count} space(s) not written; their last good backup (if any) is kept, see SkippedReason with -PassThru: {string.Join(", ", _skipped.Take(10))}{(_skipped.Count > 10 ? ", ..." : string.Empty)}");
        }
    }

    private void ExportFromWarehouse()
    {
        WithWarehouse(Path, async (warehouse, ct) =>
        {
            await foreach (var detail in new SpaceDetailsStore(warehouse).ReadAllAsync(WorkspaceId, SpaceId, ct).ConfigureAwait(false))
            {
                Export(detail);
            }
        });
    }

    /// <summary>One space, from the pipeline thread (piped input) or from the warehouse reader's worker alike.</summary>
    private void Export(GenieSpaceDetail detail)
    {
        try
        {
            var pending = _writer!.Prepare(detail);
            Report(pending, !pending.WillWrite || AskShouldProcess(pending.Path, "Write Genie space backup"));
        }
        catch (Exception ex) when (ex is GenieObservabilityException or IOException or UnauthorizedAccessException)
        {
            EmitError(ex, detail);
        }
    }

    private void Report(PendingBackup pending, bool approved)
    {
        if (pending.Result.SkippedReason is not null)
        {
            Log.Verbose($"Space {pending.Result.SpaceId}: {pending.Result.SkippedReason}");
            _skipped.Add(pending.Result.SpaceId);
        }

        if (!approved)
        {
            return;
        }

        _writer!.Apply(pending);
        foreach (var write in pending.Writes)
        {
            Log.Verbose($"Wrote {write.Path}");
        }

        if (PassThru)
        {
            Emit(pending.Result);
        }
    }
}
