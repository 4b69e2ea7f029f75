using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Backup;
using GenieObservability.Engine.Spaces.Drift;

namespace GenieObservability.Commands;

/// <summary>
/// Compares the live spaces of the connected (or -Context) workspace with a folder of backups (JSON or bundle), GETs
/// only: one GenieSpaceDrift per space (InSync, Changed with the differences, MissingLive, MissingBackup, Unknown), or
/// with -Quiet one Boolean that is true when everything is in sync. Counts go to the Information stream.
/// </summary>
[Cmdlet(VerbsData.Compare, "GenieSpaceBackup")]
[OutputType(typeof(GenieSpaceDrift), typeof(bool))]
public sealed class CompareGenieSpaceBackupCommand : GenieContextCmdlet
{
    private readonly BackupReader _reader = new();

    /// <summary>The backups: a folder of JSON backups, a bundle root, or backup files.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>Return only $true (every space in sync) or $false, for a CI gate.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void EndProcessing()
    {
        var genie = RequireGenie(null);
        var backups = ReadBackups();
        var summary = new GenieSpaceDriftSummary();
        try
        {
            Run(async ct =>
            {
                var comparer = new SpaceDriftComparer(genie, Log);
                await foreach (var drift in comparer.CompareAsync(backups, ct).ConfigureAwait(false))
                {
                    summary.Add(drift);
                    if (!Quiet)
                    {
                        Emit(drift);
                    }
                }
            });
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex, genie.Host);
        }

        if (summary.Unknown > 0)
        {
            WriteWarning($"{summary.Unknown} space(s) could not be read and were not compared (Status Unknown; see Error).");
        }

        WriteVerbose(summary.ToString());
        WriteInformation(summary, ["GenieSpaceDriftSummary"]);
        if (Quiet)
        {
            WriteObject(summary.Drifted == 0);
        }
    }

    /// <summary>Every backup under -Path; a path that does not exist stops the call, a file that is not a backup is an error for that file.</summary>
    private List<SpaceBackupDocument> ReadBackups()
    {
        var backups = new List<SpaceBackupDocument>();
        foreach (var pattern in Path)
        {
            var resolved = GetUnresolvedProviderPathFromPSPath(pattern);
            if (!File.Exists(resolved) && !Directory.Exists(resolved))
            {
                Fail($"-Path '{resolved}' does not exist: give the backup folder (or bundle root) Export-GenieSpaceBackup wrote.", "BackupPathNotFound", ErrorCategory.ObjectNotFound, pattern);
            }

            IReadOnlyList<string> sources;
            try
            {
                sources = BackupReader.Sources(resolved);
            }
            catch (GenieObservabilityException ex)
            {
                Fail(ex, pattern);
                return backups;
            }

            foreach (var source in sources)
            {
                try
                {
                    backups.AddRange(_reader.ReadSource(source));
                }
                catch (Exception ex) when (ex is GenieObservabilityException or IOException or UnauthorizedAccessException)
                {
                    WriteError(ErrorRecords.From(ex, source));
                }
            }
        }

        return backups;
    }
}
