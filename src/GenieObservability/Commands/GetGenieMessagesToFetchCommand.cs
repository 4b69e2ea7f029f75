using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>
/// Streams the messages the ingestion should GET: new in silver, transient failures to retry, stored messages
/// still in a non-terminal status, and stored messages rated or commented on since they were stored. Accepts the
/// refresh's output from the pipeline (and just waits for it). With -Source Api it reconciles instead: it lists the
/// conversations and messages of the -SpaceId spaces through the Genie API and offers those no table knows (Reason
/// Reconciliation).
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
    [ValidateSet(GenieMessageToFetch.ReasonNew, GenieMessageToFetch.ReasonRetry, GenieMessageToFetch.ReasonPending, GenieMessageToFetch.ReasonFeedback)]
    public string[] Reason { get; set; } = [GenieMessageToFetch.ReasonNew, GenieMessageToFetch.ReasonRetry, GenieMessageToFetch.ReasonPending, GenieMessageToFetch.ReasonFeedback];

    /// <summary>Warehouse (the audit path's tables, default) or Api (reconcile the -SpaceId spaces with the Genie API's lists).</summary>
    [Parameter]
    [ValidateSet(SourceWarehouse, SourceApi)]
    public string Source { get; set; } = SourceWarehouse;

    /// <summary>With -Source Api: conversations and messages created before this are not listed or offered.</summary>
    [Parameter]
    public DateTimeOffset Since { get; set; } = DateTimeOffset.UtcNow - Engine.Pipeline.ReconciliationQuery.DefaultLookback;

    private const string SourceWarehouse = "Warehouse";
    private const string SourceApi = "Api";

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

        if (string.Equals(Source, SourceApi, StringComparison.OrdinalIgnoreCase))
        {
            Reconcile();
            return;
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
            IncludeFeedback = reasons.Contains(GenieMessageToFetch.ReasonFeedback),
        };
        var first = First;
        WithWarehouse("genie_messages_to_fetch", async (warehouse, cancellationToken) =>
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
        });
    }

    private void Reconcile()
    {
        var spaceIds = SpaceId.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (spaceIds.Count == 0)
        {
            Fail("-Source Api lists the conversations of chosen spaces: name them with -SpaceId.", "ReconciliationNeedsSpaceId", ErrorCategory.InvalidArgument);
        }

        if (Since > DateTimeOffset.UtcNow)
        {
            Fail("-Since must not be in the future.", "InvalidSince", ErrorCategory.InvalidArgument, Since);
        }

        var query = new Engine.Pipeline.ReconciliationQuery
        {
            SpaceIds = spaceIds,
            Since = Since,
            WorkspaceId = WorkspaceId.Select(w => w.Trim()).FirstOrDefault(w => w.Length > 0),
        };
        var session = RequireWorkspace();
        var first = First;
        WithWarehouse(query, async (warehouse, cancellationToken) =>
        {
            var emitted = 0;
            var reconciler = new Engine.Pipeline.MessageReconciler(warehouse, session.Genie(null, Log), Log);
            await foreach (var item in reconciler.ReadAsync(query, new Engine.Pipeline.ReconciliationCounts(), cancellationToken).ConfigureAwait(false))
            {
                Emit(item);
                if (++emitted >= first)
                {
                    break;
                }
            }
        });
    }
}
