using System.Globalization;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// The medallion on the embedded DuckDB warehouse: sql/embedded/pipeline.duckdb.sql over the audit and workspaces
/// tables Import-GenieAuditLog fills. The four tables are replaced in one transaction, so a failed or cancelled
/// refresh leaves the previous ones whole.
/// </summary>
public sealed class EmbeddedPipelineEngine(IWarehouse warehouse) : IPipelineEngine
{
    public const string EngineName = "Embedded";

    public string Name => EngineName;

    public static void RequireEmbedded(IWarehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        if (warehouse.Dialect != SqlDialect.DuckDb)
        {
            throw new GenieObservabilityException(
                $"The embedded pipeline and audit import need the embedded DuckDB warehouse; the connected warehouse is {warehouse.Kind}. Use the Databricks pipeline (-PipelineId) with a SQL warehouse.",
                "EmbeddedWarehouseRequired",
                GenieErrorCategory.InvalidOperation);
        }
    }

    /// <summary>Creates the audit and workspaces input tables if they are missing.</summary>
    public async Task EnsureInputsAsync(CancellationToken cancellationToken)
    {
        RequireEmbedded(warehouse);
        foreach (var statement in EmbeddedSql.Statements("inputs", warehouse.Tables))
        {
            await warehouse.ExecuteAsync(statement, null, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<PipelineBuildResult> RunAsync(PipelineBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await EnsureInputsAsync(cancellationToken).ConfigureAwait(false);
        var window = request.Window;
        var parameters = new Dictionary<string, object?>
        {
            ["window_start"] = window.Start,
            ["window_end"] = window.End,
            ["workspace_ids"] = string.Join(',', request.WorkspaceIds),
            ["refreshed_at"] = request.RefreshedAt,
            ["days_lookback"] = window.DaysLookback.ToString(CultureInfo.InvariantCulture),
            ["lookback_minutes"] = window.LookbackMinutes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        };

        string[] steps = ["bronze", "silver", "gold", "validation"];
        await warehouse.ExecuteAsync("BEGIN TRANSACTION", null, cancellationToken).ConfigureAwait(false);
        try
        {
            for (var i = 0; i < steps.Length; i++)
            {
                request.Log.Progress(new OperationProgress(2, "Embedded pipeline", $"Building {steps[i]}", i * 100 / steps.Length));
                var sql = EmbeddedSql.Statement(steps[i], warehouse.Tables);
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                await warehouse.ExecuteAsync(sql, Only(sql, parameters), cancellationToken).ConfigureAwait(false);
                request.Log.Verbose($"Built {steps[i]} in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:N2} s.");
            }

            await warehouse.ExecuteAsync("COMMIT", null, CancellationToken.None).ConfigureAwait(false);
        }
        catch
        {
            await warehouse.ExecuteAsync("ROLLBACK", null, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            request.Log.Progress(new OperationProgress(2, "Embedded pipeline", "Done", 100, Completed: true));
        }

        long? bronze = null, silver = null;
        await foreach (var row in warehouse.QueryAsync(EmbeddedSql.Statement("counts", warehouse.Tables), null, cancellationToken).ConfigureAwait(false))
        {
            bronze = Convert.ToInt64(row["bronze_rows"], CultureInfo.InvariantCulture);
            silver = Convert.ToInt64(row["silver_rows"], CultureInfo.InvariantCulture);
        }

        return new PipelineBuildResult(bronze, silver);
    }

    /// <summary>The parameters a statement names (DuckDB rejects values for markers a statement lacks).</summary>
    internal static Dictionary<string, object?> Only(string sql, IReadOnlyDictionary<string, object?> parameters) =>
        parameters.Where(p => sql.Contains(":" + p.Key, StringComparison.Ordinal)).ToDictionary(p => p.Key, p => p.Value);
}
