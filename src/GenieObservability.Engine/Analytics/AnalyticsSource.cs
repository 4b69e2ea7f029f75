using System.Runtime.CompilerServices;
using GenieObservability.Engine.Schema;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Analytics;

/// <summary>
/// Runs the shipped analytics queries on one warehouse. Before anything else it checks that the product's tables exist
/// (else an error naming Install-GenieObservabilitySchema) and that every workspace asked for is known to them.
/// </summary>
public sealed class AnalyticsSource(IWarehouse warehouse, AnalyticsQueries? queries = null)
{
    /// <summary>The tables every query reads; the silver table is optional (coverage needs a pipeline refresh).</summary>
    private static readonly string[] RequiredTables = ["message_details", "message_fetch_errors", "genie_space_details", "genie_ingestion_runs"];

    private readonly AnalyticsQueries _queries = queries ?? AnalyticsQueries.Default;
    private HashSet<string>? _existing;

    public IWarehouse Warehouse { get; } = warehouse;

    /// <summary>Fails with AnalyticsTablesMissing or UnknownWorkspace before any figure is read.</summary>
    public async Task PrepareAsync(AnalyticsWindow window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(window);
        _existing = await ObservabilitySchema.ExistingTablesAsync(Warehouse, cancellationToken).ConfigureAwait(false) ?? [];
        var missing = RequiredTables.Where(t => !_existing.Contains(t)).ToList();
        if (missing.Count > 0)
        {
            throw new GenieObservabilityException(
                $"The warehouse has no {string.Join(", ", missing.Select(Warehouse.Tables.Qualify))}: run Install-GenieObservabilitySchema (then the job, Invoke-GenieObservabilityJob) to create and fill the tables.",
                "AnalyticsTablesMissing",
                GenieErrorCategory.ObjectNotFound);
        }

        if (window.WorkspaceIds.Count == 0)
        {
            return;
        }

        var known = new Dictionary<string, string?>(StringComparer.Ordinal);
        await foreach (var row in QueryAsync("known_workspaces", new Dictionary<string, object?>(), cancellationToken).ConfigureAwait(false))
        {
            known[row.GetString("workspace_id") ?? string.Empty] = row.GetString("workspace_name");
        }

        var unknown = window.WorkspaceIds.Where(w => !known.ContainsKey(w)).ToList();
        if (unknown.Count > 0)
        {
            var listed = known.Count == 0 ? "none (the tables are empty)" : string.Join(", ", known.Select(k => k.Value is null ? k.Key : $"{k.Key} ({k.Value})"));
            throw new GenieObservabilityException(
                $"No data for workspace {string.Join(", ", unknown)} in {Warehouse.Tables.SchemaName}. Known workspaces: {listed}.",
                "UnknownWorkspace",
                GenieErrorCategory.ObjectNotFound);
        }
    }

    /// <summary>True when the table exists (known after <see cref="PrepareAsync"/>).</summary>
    public bool Has(string table) => _existing?.Contains(table) ?? throw new InvalidOperationException("Call PrepareAsync first.");

    /// <summary>Streams the rows of query <paramref name="name"/> with <paramref name="parameters"/>.</summary>
    public async IAsyncEnumerable<SqlRow> QueryAsync(string name, IReadOnlyDictionary<string, object?> parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = _queries.Sql(name, Warehouse.Dialect, Warehouse.Tables);
        await foreach (var row in Warehouse.QueryAsync(sql, parameters, cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>All rows of a query that returns a handful (aggregates for the report).</summary>
    public async Task<List<SqlRow>> ReadAllAsync(string name, IReadOnlyDictionary<string, object?> parameters, CancellationToken cancellationToken)
    {
        var rows = new List<SqlRow>();
        await foreach (var row in QueryAsync(name, parameters, cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
        }

        return rows;
    }
}
