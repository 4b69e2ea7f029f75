using System.Runtime.CompilerServices;

namespace GenieObservability.Engine.QueryMetrics;

/// <summary>
/// Groups lookups (ordered by workspace) into Query History requests: one workspace per batch, at most the configured
/// number of ids, and a query string within <see cref="QueryHistoryClient.MaxQueryStringLength"/>.
/// </summary>
public static class StatementBatcher
{
    public static async IAsyncEnumerable<IReadOnlyList<StatementLookup>> BatchAsync(IAsyncEnumerable<StatementLookup> lookups, int statementsPerRequest, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookups);
        var batch = new List<StatementLookup>(statementsPerRequest);
        var length = 0;
        await foreach (var lookup in lookups.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var itemLength = QueryHistoryClient.FilterLength(lookup.StatementId);
            if (batch.Count > 0 && (batch.Count >= statementsPerRequest || length + itemLength > QueryHistoryClient.MaxQueryStringLength
                || !string.Equals(batch[0].WorkspaceId, lookup.WorkspaceId, StringComparison.Ordinal)))
            {
                yield return batch;
                batch = new List<StatementLookup>(statementsPerRequest);
                length = 0;
            }

            batch.Add(lookup);
            length += itemLength;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
