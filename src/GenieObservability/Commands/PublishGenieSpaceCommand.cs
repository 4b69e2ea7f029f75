using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Publish;
using GenieObservability.Engine.UnityCatalog;
using GenieObservability.Engine.Workspace;

namespace GenieObservability.Commands;

/// <summary>
/// Creates or updates Genie spaces in the connected (or -Context) workspace from backups (JSON files, or a bundle) or
/// space details, with the warehouse and catalogs remapped. A publish map makes re-runs updates; an unchanged space
/// sends no PATCH; a pre-flight checks the target has every table; an update never overwrites an edit made after the
/// plan read the target. -WhatIf sends only GETs and shows the plan. Per-space outcomes (Conflict, Blocked, Failed) are
/// data, counted in one warning.
/// </summary>
[Cmdlet(VerbsData.Publish, "GenieSpace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(GenieSpacePublishResult))]
public sealed class PublishGenieSpaceCommand : GenieContextCmdlet
{
    private const string PathSet = "Path";
    private const string InputObjectSet = "InputObject";

    private readonly Dictionary<string, PublishMap> _maps = new(StringComparer.Ordinal);
    private readonly BackupReader _reader = new();
    private readonly List<GenieSpacePublishResult> _notPublished = [];
    private int _spaces;
    private PublishOptions? _options;
    private PublishPreflight? _preflight;
    private Engine.WorkspaceSession? _session;

    /// <summary>Backups: JSON files or folders of them (Export-GenieSpaceBackup), a bundle root or its resource YAML files; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Space details from Sync-GenieSpaceDetails.</summary>
    [Parameter(Mandatory = true, ParameterSetName = InputObjectSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public GenieSpaceDetail? InputObject { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WarehouseId { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? WarehouseName { get; set; }

    /// <summary>@{ 'dev' = 'prod'; 'dev.sales' = 'prod.sales' }</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? CatalogMap { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ParentPath { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Title { get; set; }

    /// <summary>The publish map; default .genie-publish-map.json in the backup folder (the bundle root, or the current folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MapPath { get; set; }

    /// <summary>Write even when the target changed after the plan read it (no etag is sent) or the pre-flight found tables missing.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (WarehouseId is not null && WarehouseName is not null)
        {
            Fail("Pass -WarehouseId or -WarehouseName, not both.", "WarehouseIdAndName", ErrorCategory.InvalidArgument);
        }

        _session = RequireWorkspace();
        CatalogMap map;
        try
        {
            map = new CatalogMap((CatalogMap ?? []).Cast<DictionaryEntry>().Select(e => KeyValuePair.Create(e.Key?.ToString() ?? string.Empty, e.Value?.ToString() ?? string.Empty)));
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, CatalogMap);
            return;
        }

        var warehouseId = WarehouseId;
        if (WarehouseName is not null)
        {
            var session = _session;
            try
            {
                warehouseId = Run(ct => SqlWarehouseLookup.ResolveIdAsync(session.Api(null, Log), WarehouseName, ct));
            }
            catch (GenieObservabilityException ex)
            {
                Fail(ex, WarehouseName);
            }

            WriteVerbose($"Warehouse '{WarehouseName}' is {warehouseId}.");
        }

        string? folder = null;
        try
        {
            folder = ParentPath is null ? null : WorkspacePath.Normalize(ParentPath, "workspace folder");
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, ParentPath);
        }

        _options = new PublishOptions { WarehouseId = warehouseId, CatalogMap = map, ParentPath = folder, Title = Title };
        var api = _session.Api(null, Log);
        _preflight = new PublishPreflight(new UnityCatalogClient(api), new WorkspaceObjects(api));
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            Publish(SpaceBackupDocument.From(InputObject!));
            return;
        }

        foreach (var source in ResolveSources())
        {
            IReadOnlyList<SpaceBackupDocument> documents;
            try
            {
                documents = _reader.ReadSource(source);
            }
            catch (Exception ex) when (ex is GenieObservabilityException or IOException or UnauthorizedAccessException)
            {
                EmitError(ex, source);
                continue;
            }

            foreach (var document in documents)
            {
                Publish(document);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (_notPublished.Count == 0)
        {
            return;
        }

        var byAction = _notPublished.GroupBy(r => r.Action).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()} ({string.Join(", ", g.Select(r => r.SourceSpaceId).Take(5))}{(g.Count() > 5 ? ", ..." : string.Empty)})");
        WriteWarning($"{_notPublished.Count} of {_spaces} space(s) were not published: {string.Join("; ", byAction)}. See each result's Action and Reason.");
    }

    private void Publish(SpaceBackupDocument source)
    {
        PublishMap map;
        try
        {
            map = MapAt(MapPathFor(source));
        }
        catch (Exception ex) when (ex is GenieObservabilityException or IOException or UnauthorizedAccessException)
        {
            EmitError(ex, source.SourceFile ?? source.SpaceId);
            return;
        }

        _spaces++;
        var publisher = new SpacePublisher(_session!.Genie(null, Log), _options!, map, _preflight);
        var result = new GenieSpacePublishResult
        {
            SourceWorkspaceId = source.WorkspaceId,
            SourceSpaceId = source.SpaceId,
            Title = _options!.Title ?? source.Content.Title,
            TargetHost = publisher.TargetHost,
            SourceFile = source.SourceFile,
        };
        try
        {
            Run(async ct =>
            {
                var plan = await publisher.PlanAsync(source, ct).ConfigureAwait(false);
                result.TargetSpaceId = plan.TargetSpaceId;
                result.Action = plan.Action;
                result.Changes = plan.Changes;
                result.Missing = plan.Preflight.Missing;
                result.MissingFolder = plan.Preflight.MissingFolder;
                if (plan.Preflight.Blocks && !Force)
                {
                    result.Action = GenieSpacePublishAction.Blocked;
                    result.Reason = plan.Preflight.Reason;
                }
                else if (plan.NeedsWrite)
                {
                    var what = $"'{source.Content.Title}' ({source.SpaceId}) -> {publisher.TargetHost.GetLeftPart(UriPartial.Authority)}"
                        + (plan.TargetSpaceId is null ? string.Empty : " space " + plan.TargetSpaceId);
                    if (AskShouldProcess(what, $"{plan.Action} Genie space: {string.Join("; ", plan.Changes)}"))
                    {
                        var outcome = await publisher.ApplyAsync(plan, Force, ct).ConfigureAwait(false);
                        result.Action = outcome.Action;
                        result.TargetSpaceId = outcome.TargetSpaceId;
                        result.Reason = outcome.Reason;
                        map.Save();
                    }
                    else
                    {
                        result.WhatIf = true;
                    }
                }
            });
        }
        catch (GenieObservabilityException ex)
        {
            // One space failing never stops the others: its result says why.
            result.Action = GenieSpacePublishAction.Failed;
            result.Reason = ex.Message;
        }

        if (result.Action is GenieSpacePublishAction.Conflict or GenieSpacePublishAction.Blocked or GenieSpacePublishAction.Failed)
        {
            _notPublished.Add(result);
        }

        WriteObject(result);
    }

    private IEnumerable<string> ResolveSources()
    {
        foreach (var pattern in Path)
        {
            Collection<string> resolved;
            try
            {
                resolved = GetResolvedProviderPathFromPSPath(pattern, out _);
            }
            catch (ItemNotFoundException ex)
            {
                EmitError(new ErrorRecord(ex, "BackupFileNotFound", ErrorCategory.ObjectNotFound, pattern));
                continue;
            }

            foreach (var path in resolved)
            {
                IReadOnlyList<string> sources;
                try
                {
                    sources = BackupReader.Sources(path);
                }
                catch (GenieObservabilityException ex)
                {
                    EmitError(ex, path);
                    continue;
                }

                foreach (var source in sources)
                {
                    yield return source;
                }
            }
        }
    }

    private string MapPathFor(SpaceBackupDocument source)
    {
        if (MapPath is not null)
        {
            return GetUnresolvedProviderPathFromPSPath(MapPath);
        }

        var folder = source.Folder ?? SessionState.Path.CurrentFileSystemLocation.ProviderPath;
        return System.IO.Path.Combine(folder, PublishMap.DefaultFileName);
    }

    private PublishMap MapAt(string path)
    {
        if (!_maps.TryGetValue(path, out var map))
        {
            map = PublishMap.Load(path);
            _maps[path] = map;
        }

        return map;
    }
}
