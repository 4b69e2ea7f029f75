using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Streams the messages the ingestion should GET: new in silver, transient failures to retry, and stored messages
/// still in a non-terminal status. Accepts the refresh's output from the pipeline (and just waits for it).
/// </summary>
[Cmdlet(VerbsCommon.Get, "GenieMessagesToFetch")]
[OutputType(typeof(GenieMessageToFetch))]
public sealed class GetGenieMessagesToFetchCommand : GenieContextCmdlet
{
    /// <summary>A GeniePipelineRun piped from Invoke-GeniePipelineRefresh; the read happens once it has finished.</summary>
    [Parameter(ValueFromPipeline = true)]
    public GeniePipelineRun? InputObject { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter]
    [ValidateNotNull]
    public string[] SpaceId { get; set; } = [];

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; } = int.MaxValue;

    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxRetries { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultMaxRetries;

    [Parameter]
    public TimeSpan PendingMaxAge { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultPendingMaxAge;

    [Parameter]
    public TimeSpan MaxRetryAge { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultMaxRetryAge;

    [Parameter]
    [ValidateSet(GenieMessageToFetch.ReasonNew, GenieMessageToFetch.ReasonRetry, GenieMessageToFetch.ReasonPending)]
    public string[] Reason { get; set; } = [GenieMessageToFetch.ReasonNew, GenieMessageToFetch.ReasonRetry, GenieMessageToFetch.ReasonPending];

    protected override void ProcessRecord()
    {
        if (InputObject is { Status: not GenieRunStatus.Succeeded } run)
        {
            WriteWarning($"The piped refresh {run.RunId} ended {run.Status}; reading the tables as they are.");
        }
    }

    protected override void EndProcessing()
    {
        if (PendingMaxAge <= TimeSpan.Zero)
        {
            Fail("-PendingMaxAge must be positive.", "InvalidPendingMaxAge", ErrorCategory.InvalidArgument, PendingMaxAge);
        }

        if (MaxRetryAge <= TimeSpan.Zero)
        {
            Fail("-MaxRetryAge must be positive, e.g. (New-TimeSpan -Days 30).", "InvalidMaxRetryAge", ErrorCategory.InvalidArgument, MaxRetryAge);
        }

        var reasons = new HashSet<string>(Reason, StringComparer.OrdinalIgnoreCase);
        var query = new Engine.Pipeline.MessagesToFetchQuery
        {
            WorkspaceIds = WorkspaceId,
            SpaceIds = SpaceId,
            MaxRetries = MaxRetries,
            MaxRetryAge = MaxRetryAge,
            PendingMaxAge = PendingMaxAge,
            IncludeNew = reasons.Contains(GenieMessageToFetch.ReasonNew),
            IncludeRetry = reasons.Contains(GenieMessageToFetch.ReasonRetry),
            IncludePending = reasons.Contains(GenieMessageToFetch.ReasonPending),
        };
        var first = First;
        Run(async cancellationToken =>
        {
            var warehouse = OpenPipelineWarehouse();
            await using (warehouse.ConfigureAwait(false))
            {
                var emitted = 0;
                await foreach (var item in new Engine.Pipeline.MessagesToFetchReader(warehouse).ReadAsync(query, Log, cancellationToken).ConfigureAwait(false))
                {
                    Emit(item);
                    if (++emitted >= first)
                    {
                        break;
                    }
                }
            }
        });
    }
}
