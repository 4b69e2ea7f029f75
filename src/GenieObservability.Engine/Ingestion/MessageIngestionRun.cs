using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// One message-ingestion run over GenieMessageToFetch objects (the job's whole source, or Import-GenieMessageDetails'
/// pipeline input item by item): admits or skips each item, creates the tables when missing, maps the items onto the
/// ingestor and owns the open warehouse for the run.
/// </summary>
public sealed class MessageIngestionRun : IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(60);

    private readonly WorkspaceSession _session;
    private readonly IWarehouse _warehouse;
    private readonly MessageIngestor _ingestor;
    private readonly int _maxRetries;
    private readonly IOperationLog _log;
    private Channel<MessageFetchItem>? _input;
    private Task<MessageIngestionSummary>? _running;
    private bool _disposed;

    /// <param name="openWarehouse">Opens the warehouse the run writes (now); the run closes it when disposed.</param>
    public MessageIngestionRun(
        WorkspaceSession session,
        Func<IWarehouse> openWarehouse,
        MessageIngestionOptions options,
        int maxRetries,
        IOperationLog log,
        Action<GenieStoredMessage>? stored = null,
        SkippedItems? skipped = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(openWarehouse);
        Skipped = skipped ?? new SkippedItems();
        _session = session;
        var warehouse = openWarehouse();
        _warehouse = warehouse;
        _maxRetries = maxRetries;
        _log = log;
        _ingestor = new MessageIngestor(warehouse, host => session.Genie(host, log), session.Tokens, options with { ConnectedWorkspace = session.Host }, log)
        {
            StoredMessage = stored,
        };
    }

    /// <summary>Items not fetched (missing ids, a URL that is not https, past MaxRetries), counted by reason.</summary>
    public SkippedItems Skipped { get; }

    /// <summary>Why the item cannot be fetched (missing ids, a bad URL), or null when it can.</summary>
    public static string? Problem(GenieMessageToFetch message)
    {
        if (string.IsNullOrEmpty(message.WorkspaceId) || string.IsNullOrEmpty(message.SpaceId) || string.IsNullOrEmpty(message.ConversationId) || string.IsNullOrEmpty(message.MessageId))
        {
            return "it lacks a WorkspaceId, SpaceId, ConversationId or MessageId";
        }

        return string.IsNullOrWhiteSpace(message.WorkspaceUrl) || ParseHost(message.WorkspaceUrl) is not null ? null : "its workspace URL is not https (plain http is accepted for loopback only)";
    }

    /// <summary>
    /// Whether the item is fetched: an item with missing ids or a URL that is not https, or a retry whose own failures
    /// used up <paramref name="maxRetries"/>, is counted in <paramref name="skipped"/> instead (per-item data, not an error).
    /// </summary>
    public static bool Admit(GenieMessageToFetch message, int maxRetries, SkippedItems skipped)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(skipped);
        if (Problem(message) is { } problem)
        {
            skipped.Add(problem, $"{message.WorkspaceId}/{message.MessageId}{(string.IsNullOrWhiteSpace(message.WorkspaceUrl) ? string.Empty : " at " + message.WorkspaceUrl)}");
            return false;
        }

        if (RetryRule.IsExhausted(message.Reason, message.RetryCount, message.ErrorType, maxRetries))
        {
            skipped.Add($"its own failures used up -MaxRetries ({maxRetries})", $"{message.WorkspaceId}/{message.MessageId}");
            return false;
        }

        return true;
    }

    /// <summary>Runs over a whole source (the job); items it cannot fetch are skipped and counted.</summary>
    public async Task<MessageIngestionSummary> RunAsync(IAsyncEnumerable<GenieMessageToFetch> source, CancellationToken cancellationToken)
    {
        await EnsureTablesAsync(cancellationToken).ConfigureAwait(false);
        return Finish(await _ingestor.RunAsync(Map(source, cancellationToken), cancellationToken).ConfigureAwait(false), _log);
    }

    /// <summary>Adds the skipped items to the engine's summary and warns once about them.</summary>
    public MessageIngestionSummary Finish(MessageIngestionSummary summary, IOperationLog log)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(log);
        summary.Skipped = Skipped.Count;
        if (Skipped.Describe() is { } warning)
        {
            log.Warning(warning);
        }

        return summary;
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
    }

    /// <summary>
    /// The product's tables are created when missing, and the data upgrades applied (the same install
    /// Invoke-GeniePipelineRefresh does; once everything is in place it costs three lookups).
    /// </summary>
    private async Task EnsureTablesAsync(CancellationToken cancellationToken) =>
        await ObservabilitySchema.InstallAsync(_warehouse, _ => true, cancellationToken).ConfigureAwait(false);

    private async IAsyncEnumerable<MessageFetchItem> Map(IAsyncEnumerable<GenieMessageToFetch> source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in source.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (Admit(message, _maxRetries, Skipped))
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

    /// <summary>The workspace URL of an audit row; the connected workspace when the audit did not record one.</summary>
    private Uri ResolveHost(string? workspaceUrl) => string.IsNullOrWhiteSpace(workspaceUrl) ? _session.Host : ParseHost(workspaceUrl) ?? _session.Host;

    /// <summary>https, or http to loopback only: the credential's token is sent to the URLs the audit log names.</summary>
    private static Uri? ParseHost(string workspaceUrl)
    {
        try
        {
            return HostUrl.Normalize(workspaceUrl);
        }
        catch (GenieObservabilityException)
        {
            return null;
        }
    }
}
