using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Spaces.Sync;

namespace GenieObservability.Commands;

/// <summary>
/// Fetches each Genie space's configuration (include_serialized_space=true) and merges it into genie_space_details.
/// Without pipeline input: every space in genie_messages_to_fetch, and with -AllSpaces every space each workspace lists
/// (idle ones too). A failed, forbidden or empty fetch keeps the last good configuration; a 404 marks the space deleted.
/// Emits a GenieSpaceDetail per space; the run summary goes to the Information stream.
/// </summary>
[Cmdlet(VerbsData.Sync, "GenieSpaceDetails", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GenieSpaceDetail))]
public sealed class SyncGenieSpaceDetailsCommand : SpaceTargetCmdlet
{
    /// <summary>How many spaces are fetched at once.</summary>
    [Parameter]
    [ValidateRange(1, SpaceSync.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = SpaceSync.DefaultThrottleLimit;

    protected override void EndProcessing() => SyncSpaces(
        "Fetch the space configuration and merge it into genie_space_details",
        "genie_space_details",
        "GenieSpaceSyncSummary",
        (warehouse, session, targets, ct) => new SpaceSync(warehouse, host => session.Genie(host, Log), session.Host, Log) { ThrottleLimit = ThrottleLimit }.RunAsync(targets, Emit, ct));
}
