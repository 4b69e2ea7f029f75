using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GenieObservability.Engine;
using GenieObservability.Engine.Ingestion;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands.Ingestion;

/// <summary>
/// One message-ingestion run as the cmdlets drive it: maps GenieMessageToFetch objects onto the engine, owns the open
/// warehouse for the run, and keeps engine types out of the public cmdlet classes (PowerShell scans those before the
/// engine can be resolved).
/// </summary>
internal sealed class MessageIngestionRun : IDisposable
{
    public const int DefaultThrottleLimit = 8;
    public const int DefaultBatchSize = 500;
    public const int DefaultMaxRetries = 5;

    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    private readonly WorkspaceSession _session;
    private readonly IWarehouse _warehouse;
    private readonly MessageIngestor _ingestor;
    private readonly int _maxRetries;
    private Channel<MessageFetchItem>? _input;
    private Task<MessageIngestionSummary>? _running;
    private readonly Engine.Http.ApiClientOptions? _restoreOptions;
    private bool _disposed;

    public MessageIngestionRun(
        WorkspaceSession session,
        IWarehouse warehouse,
        MessageIngestionSettings settings,
        IOperationLog log,
        Action<GenieStoredMessage>? stored = null,
        Action<GenieMessageToFetch, GenieApiException>? failed = null)
    {
        _session = session;
        _warehouse = warehouse;
        if (settings.MaxRequestsPerSecond is { } budget)
        {
            // The budget lives in the session's API clients (shared by every caller of a host), for this run only.
            _restoreOptions = session.ApiOptions;
            session.ApiOptions = session.ApiOptions with { MaxRequestsPerSecond = budget };
        }

        _maxRetries = settings.MaxRetries;
        var options = new MessageIngestionOptions
        {
            ThrottleLimit = settings.ThrottleLimit,
            BatchSize = settings.BatchSize,
            RunId = settings.RunId,
        };
        _ingestor = new MessageIngestor(warehouse, host => session.Genie(host, log), session.Tokens, options, log)
        {
            StoredMessage = stored,
            FetchFailed = failed is null ? null : (item, failure) => failed(ToContract(item), failure.ToException()),
        };
    }

    /// <summary>Why the item cannot be fetched (missing ids, a bad URL), or null when it can.</summary>
    public static string? Problem(GenieMessageToFetch message)
    {
        if (string.IsNullOrEmpty(message.WorkspaceId) || string.IsNullOrEmpty(message.SpaceId) || string.IsNullOrEmpty(message.ConversationId) || string.IsNullOrEmpty(message.MessageId))
        {
            return "A message to fetch needs WorkspaceId, SpaceId, ConversationId and MessageId.";
        }

        return string.IsNullOrWhiteSpace(message.WorkspaceUrl) || ParseHost(message.WorkspaceUrl) is not null ? null : $"'{message.WorkspaceUrl}' is not a workspace URL (https, or http to a loopback address only).";
    }

    /// <summary>True for a retry that has already failed MaxRetries times: it is not fetched again.</summary>
    public static bool ExceedsRetries(GenieMessageToFetch message, int maxRetries) =>
        string.Equals(message.Reason, GenieMessageToFetch.ReasonRetry, StringComparison.OrdinalIgnoreCase) && message.RetryCount >= maxRetries;

    /// <summary>Runs over a whole source (the job); items it cannot fetch are skipped with a warning by the caller's filter.</summary>
    public async Task<MessageIngestionSummary> RunAsync(IAsyncEnumerable<GenieMessageToFetch> source, CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        return await _ingestor.RunAsync(Map(source, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a run fed item by item through <see cref="OfferAsync"/> (the pipeline input of the cmdlet).</summary>
    public Task<MessageIngestionSummary> Start(CancellationToken cancellationToken)
    {
        _input = Channel.CreateBounded<MessageFetchItem>(new BoundedChannelOptions(256) { SingleWriter = true, SingleReader = true });
        var input = _input.Reader;
        _running = Task.Run(
            async () =>
            {
                await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
                return await _ingestor.RunAsync(input.ReadAllAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            },
            CancellationToken.None);
        return _running;
    }

    /// <summary>Hands one item to the running pool; waits while the pool is full; rethrows when the run has failed.</summary>
    public async Task OfferAsync(GenieMessageToFetch message, CancellationToken cancellationToken)
    {
        var write = _input!.Writer.WriteAsync(ToItem(message), cancellationToken).AsTask();
        if (await Task.WhenAny(write, _running!).ConfigureAwait(false) != write)
        {
            // The run ended before taking the item: only a failure does that, and it ends the command.
            await _running!.ConfigureAwait(false);
        }

        await write.ConfigureAwait(false);
    }

    public Task<MessageIngestionSummary> CompleteAsync()
    {
        _input!.Writer.TryComplete();
        return _running!;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _input?.Writer.TryComplete();
        try
        {
            // After Ctrl+C the run writes what it already fetched; wait for that before the warehouse is closed.
            _running?.Wait(StopGrace);
        }
        catch (AggregateException)
        {
            // Its outcome was reported (or the pipeline was stopped); here only the warehouse needs closing.
        }

        _warehouse.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (_restoreOptions is not null)
        {
            _session.ApiOptions = _restoreOptions;
        }
    }

    /// <summary>The product's tables are created when missing (the same install Invoke-GeniePipelineRefresh does).</summary>
    private async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        string[] needed = ["message_details", "message_fetch_errors", "genie_ingestion_runs", "genie_space_details", "message_comments", "message_feedback"];
        var existing = await ObservabilitySchema.ExistingTablesAsync(_warehouse, cancellationToken).ConfigureAwait(false);
        if (existing is null || needed.Any(table => !existing.Contains(table)))
        {
            await ObservabilitySchema.InstallAsync(_warehouse, _ => true, cancellationToken).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<MessageFetchItem> Map(IAsyncEnumerable<GenieMessageToFetch> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (Problem(message) is null && !ExceedsRetries(message, _maxRetries))
            {
                yield return ToItem(message);
            }
        }
    }

    private MessageFetchItem ToItem(GenieMessageToFetch m) => new(
        m.WorkspaceId,
        ResolveHost(m.WorkspaceUrl),
        m.WorkspaceName,
        m.SpaceId,
        m.ConversationId,
        m.MessageId,
        m.EventTime,
        m.UserEmail,
        string.IsNullOrEmpty(m.Reason) ? GenieMessageToFetch.ReasonNew : m.Reason,
        m.FeedbackEventTime);

    private static GenieMessageToFetch ToContract(MessageFetchItem item) => new()
    {
        WorkspaceId = item.WorkspaceId,
        WorkspaceUrl = item.WorkspaceUrl.GetLeftPart(UriPartial.Authority),
        WorkspaceName = item.WorkspaceName,
        SpaceId = item.SpaceId,
        ConversationId = item.ConversationId,
        MessageId = item.MessageId,
        EventTime = item.EventTime,
        UserEmail = item.UserEmail,
        Reason = item.Reason,
        FeedbackEventTime = item.FeedbackEventTime,
    };

    /// <summary>The workspace URL of an audit row; the connected workspace when the audit did not record one.</summary>
    private Uri ResolveHost(string? workspaceUrl) => string.IsNullOrWhiteSpace(workspaceUrl) ? _session.Host : ParseHost(workspaceUrl) ?? _session.Host;

    /// <summary>https, or http to loopback only: the credential's token is sent to the URLs the audit log names.</summary>
    private static Uri? ParseHost(string workspaceUrl)
    {
        try
        {
            return Engine.Auth.HostUrl.Normalize(workspaceUrl);
        }
        catch (GenieObservabilityException)
        {
            return null;
        }
    }
}
