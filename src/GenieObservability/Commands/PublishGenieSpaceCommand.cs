using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Publish;

namespace GenieObservability.Commands;

/// <summary>
/// Creates or updates Genie spaces in the connected (or -Context) workspace from backup files or space details, with
/// the warehouse and catalogs remapped. A publish map makes re-runs updates; an unchanged space sends no PATCH; -WhatIf
/// sends only GETs and shows the plan.
/// </summary>
[Cmdlet(VerbsData.Publish, "GenieSpace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = PathSet)]
[OutputType(typeof(GenieSpacePublishResult))]
public sealed class PublishGenieSpaceCommand : GenieContextCmdlet
{
    private const string PathSet = "Path";
    private const string InputObjectSet = "InputObject";

    private readonly Dictionary<string, PublishMap> _maps = new(StringComparer.Ordinal);
    private PublishOptions? _options;
    private Engine.WorkspaceSession? _session;

    /// <summary>Backup files written by Export-GenieSpaceBackup; wildcards allowed.</summary>
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

    /// <summary>The publish map; default .genie-publish-map.json beside the backup files (or in the current folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? MapPath { get; set; }

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

        _options = new PublishOptions { WarehouseId = warehouseId, CatalogMap = map, ParentPath = ParentPath, Title = Title };
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            var detail = InputObject!;
            Publish(() => SpaceBackupDocument.From(detail), detail.SpaceId, MapPathFor(null));
            return;
        }

        foreach (var file in ResolveFiles())
        {
            Publish(() => SpaceBackupDocument.Parse(File.ReadAllText(file), file), file, MapPathFor(file));
        }
    }

    private void Publish(Func<SpaceBackupDocument> read, object target, string mapPath)
    {
        SpaceBackupDocument source;
        PublishMap map;
        try
        {
            source = read();
            map = MapAt(mapPath);
        }
        catch (Exception ex) when (ex is GenieObservabilityException or IOException or UnauthorizedAccessException)
        {
            EmitError(ex, target);
            return;
        }

        var publisher = new SpacePublisher(_session!.Genie(null, Log), _options!, map);
        try
        {
            Run(async ct =>
            {
                var plan = await publisher.PlanAsync(source, ct).ConfigureAwait(false);
                var result = new GenieSpacePublishResult
                {
                    SourceWorkspaceId = source.WorkspaceId,
                    SourceSpaceId = source.SpaceId,
                    Title = plan.Write.Title ?? source.Content.Title,
                    TargetHost = publisher.TargetHost,
                    TargetSpaceId = plan.TargetSpaceId,
                    Action = plan.Action,
                    Changes = plan.Changes,
                    SourceFile = source.SourceFile,
                };
                if (plan.NeedsWrite)
                {
                    var what = $"'{source.Content.Title}' ({source.SpaceId}) -> {publisher.TargetHost.GetLeftPart(UriPartial.Authority)}"
                        + (plan.TargetSpaceId is null ? string.Empty : " space " + plan.TargetSpaceId);
                    if (AskShouldProcess(what, $"{plan.Action} Genie space: {string.Join("; ", plan.Changes)}"))
                    {
                        result.TargetSpaceId = await publisher.ApplyAsync(plan, ct).ConfigureAwait(false);
                        map.Save();
                    }
                    else
                    {
                        result.WhatIf = true;
                    }
                }

                Emit(result);
            });
        }
        catch (Exception ex) when (ex is not PipelineStoppedException and not OperationCanceledException)
        {
            // One space failing never stops the others.
            EmitError(ex, target);
        }
    }

    private IEnumerable<string> ResolveFiles()
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

            foreach (var file in resolved)
            {
                if (Directory.Exists(file))
                {
                    // A folder means every backup in it (the map file and other dot files are not backups).
                    foreach (var backup in Directory.GetFiles(file, "*" + BackupFileName.Extension).Where(f => !System.IO.Path.GetFileName(f).StartsWith('.')).Order(StringComparer.Ordinal))
                    {
                        yield return backup;
                    }
                }
                else
                {
                    yield return file;
                }
            }
        }
    }

    private string MapPathFor(string? file)
    {
        if (MapPath is not null)
        {
            return GetUnresolvedProviderPathFromPSPath(MapPath);
        }

        var folder = file is null ? SessionState.Path.CurrentFileSystemLocation.ProviderPath : System.IO.Path.GetDirectoryName(file)!;
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
