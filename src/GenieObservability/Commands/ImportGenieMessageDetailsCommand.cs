using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Ingestion;

namespace GenieObservability.Commands;

/// <summary>
/// Fetches the messages Get-GenieMessagesToFetch names from the Genie API and upserts them into message_details
/// (failures into message_fetch_errors). Input streams into a bounded pool while it arrives; results are written in
/// batches; one summary object is always emitted last. Messages that could not be fetched are data (rows, counts in
/// the summary, one warning per failed workspace and one with counts), never an error record each; the command fails
/// as a whole (terminating) only when the warehouse cannot be written or no workspace of the run could be reached.
/// </summary>
[Cmdlet(VerbsData.Import, "GenieMessageDetails", SupportsShouldProcess = true, DefaultParameterSetName = ByPropertySet)]
[OutputType(typeof(MessageIngestionSummary), typeof(GenieStoredMessage))]
public sealed class ImportGenieMessageDetailsCommand : GenieContextCmdlet
{
    private const string ByPropertySet = "ByProperty";
    private const string InputObjectSet = "InputObject";

    private Engine.WorkspaceSession? _session;
    private MessageIngestionRun? _run;
    private readonly SkippedItems _skipped = new();

    /// <summary>Messages to fetch, as Get-GenieMessagesToFetch emits them.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [ValidateNotNull]
    public GenieMessageToFetch[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    [ValidateNotNullOrEmpty]
    public string WorkspaceId { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    public string? WorkspaceUrl { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    public string? WorkspaceName { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    [ValidateNotNullOrEmpty]
    public string SpaceId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    [ValidateNotNullOrEmpty]
    public string ConversationId { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    [ValidateNotNullOrEmpty]
    public string MessageId { get; set; } = string.Empty;

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    public DateTimeOffset? EventTime { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    public string? UserEmail { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    [ValidateSet(GenieMessageToFetch.ReasonNew, GenieMessageToFetch.ReasonRetry, GenieMessageToFetch.ReasonPending, GenieMessageToFetch.ReasonFeedback, GenieMessageToFetch.ReasonReconciliation)]
    public string Reason { get; set; } = GenieMessageToFetch.ReasonNew;

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    [ValidateRange(0, int.MaxValue)]
    public int RetryCount { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    public DateTimeOffset? FeedbackEventTime { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByPropertySet)]
    public string? ErrorType { get; set; }

    [Parameter]
    [ValidateRange(MessageIngestionOptions.MinThrottleLimit, MessageIngestionOptions.MaxThrottleLimit)]
    public int ThrottleLimit { get; set; } = MessageIngestionOptions.DefaultThrottleLimit;

    [Parameter]
    [ValidateRange(MessageIngestionOptions.MinBatchSize, MessageIngestionOptions.MaxBatchSize)]
    public int BatchSize { get; set; } = MessageIngestionOptions.DefaultBatchSize;

    [Parameter]
    [ValidateRange(0.01, 100000.0)]
    public double MaxRequestsPerSecond { get; set; }

    [Parameter]
    [ValidateRange(0, 1000)]
    public int MaxRetries { get; set; } = Engine.Pipeline.MessagesToFetchQuery.DefaultMaxRetries;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        _session = RequireWorkspace();
    }

    protected override void ProcessRecord()
    {
        var messages = ParameterSetName == InputObjectSet ? InputObject : [FromBoundProperties()];
        foreach (var message in messages)
        {
            if (!MessageIngestionRun.Admit(message, MaxRetries, _skipped))
            {
                continue;
            }

            if (!ShouldProcess($"message {message.MessageId} of workspace {message.WorkspaceId}", "Fetch from the Genie API and upsert into message_details"))
            {
                continue;
            }

            // What the run's workers logged or stored since the last record is written by this Run's pump.
            var run = _run ?? StartRun();
            RunOrFail(async token =>
            {
                await run.OfferAsync(message, token).ConfigureAwait(false);
                return 0;
            });
        }
    }

    protected override void EndProcessing()
    {
        if (_run is null)
        {
            // Nothing was offered (no input, everything skipped, or -WhatIf): nothing was fetched or written.
            if (_skipped.Describe() is { } skipped)
            {
                WriteWarning(skipped);
            }

            WriteObject(new MessageIngestionSummary { Status = GenieRunStatus.Succeeded, Skipped = _skipped.Count, StartedAt = DateTimeOffset.UtcNow, FinishedAt = DateTimeOffset.UtcNow });
            return;
        }

        var summary = RunOrFail(_ => _run.CompleteAsync());
        WriteObject(_run.Finish(summary, Log));
        if (Engine.Ingestion.MessageIngestor.WholeRunFailure(summary) is { } failure)
        {
            // Every workspace of the run was down: the rows are kept (retryable), but the step did not do its job.
            Fail(failure, summary);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Also reached after Ctrl+C or an upstream failure: the run writes what it fetched, then closes the warehouse.
            // Its late messages have nowhere to go: the output closes first, so none waits for room in the queue.
            CloseOutput();
            _run?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The run starts with the first message that passes ShouldProcess, so -WhatIf opens and writes nothing.</summary>
    private MessageIngestionRun StartRun()
    {
        var options = new MessageIngestionOptions
        {
            ThrottleLimit = ThrottleLimit,
            BatchSize = BatchSize,
            MaxRequestsPerSecond = MyInvocation.BoundParameters.ContainsKey(nameof(MaxRequestsPerSecond)) ? MaxRequestsPerSecond : null,
        };
        var passThru = PassThru.IsPresent;
        try
        {
            _run = new MessageIngestionRun(_session!, WarehouseOpener(), options, MaxRetries, Log, stored =>
            {
                if (passThru)
                {
                    Emit(stored);
                }
            }, _skipped);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex);
            throw;
        }

        _run.Start(CancellationToken);
        return _run;
    }

    /// <summary>Runs the body; a failure of the run as a whole (the warehouse cannot be written) ends the command.</summary>
    private T RunOrFail<T>(Func<CancellationToken, Task<T>> body)
    {
        try
        {
            return Run(body);
        }
        catch (GenieObservabilityException ex)
        {
            Fail(ex);
            throw;
        }
    }

    private GenieMessageToFetch FromBoundProperties() => new()
    {
        WorkspaceId = WorkspaceId,
        WorkspaceUrl = WorkspaceUrl,
        WorkspaceName = WorkspaceName,
        SpaceId = SpaceId,
        ConversationId = ConversationId,
        MessageId = MessageId,
        EventTime = EventTime,
        UserEmail = UserEmail,
        Reason = Reason,
        RetryCount = RetryCount,
        FeedbackEventTime = FeedbackEventTime,
        ErrorType = ErrorType,
    };
}
