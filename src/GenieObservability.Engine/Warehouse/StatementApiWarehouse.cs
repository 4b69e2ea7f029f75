using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// A Databricks SQL warehouse over the SQL Statement Execution API (<c>/api/2.0/sql/statements</c>), for hosts where no
/// ODBC driver can be installed (Azure Automation). Named <c>:name</c> markers go as typed parameters; a statement not
/// finished within <see cref="WaitTimeout"/> is polled; results are read chunk by chunk (one chunk in memory at a time);
/// a FAILED state on HTTP 200 becomes an error; cancelling the token cancels the statement on the warehouse.
/// </summary>
public sealed class StatementApiWarehouse : WarehouseBase
{
    private const string BasePath = "/api/2.0/sql/statements";
    private readonly DatabricksApiClient _api;

    public StatementApiWarehouse(WorkspaceSession workspace, string warehouseId, string catalog = TableNames.DefaultCatalog, string schema = TableNames.DefaultSchema, IOperationLog? log = null)
        : base(SqlDialect.Databricks, new TableNames(catalog, schema, useCatalog: true))
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentException.ThrowIfNullOrWhiteSpace(warehouseId);
        _api = workspace.Api(null, log);
        WarehouseId = warehouseId;
    }

    public override WarehouseKind Kind => WarehouseKind.StatementApi;

    public string WarehouseId { get; }

    /// <summary>How long the execute call waits for a result before the statement is polled: "0s" or "5s".."50s".</summary>
    public string WaitTimeout { get; init; } = "10s";

    /// <summary>First delay between status polls; doubled up to <see cref="MaxPollInterval"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>HTTP requests sent (executes, polls, chunk reads, cancels), for the benchmark's round-trip count.</summary>
    public long HttpRequests => Interlocked.Read(ref _httpRequests);

    private long _httpRequests;

    protected override async Task<long> ExecuteCoreAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken)
    {
        using var response = await RunAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        var root = response.RootElement;

        // DML reports its counts as a one-row result (num_affected_rows, num_inserted_rows, ...).
        var columns = Columns(root);
        var affected = Array.FindIndex(columns, c => c.Name == "num_affected_rows");
        if (affected >= 0 && root.TryGetProperty("result", out var result) && result.TryGetProperty("data_array", out var data) && data.GetArrayLength() > 0)
        {
            var value = data[0][affected];
            return value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
        }

        return -1;
    }

    protected override async IAsyncEnumerable<SqlRow> QueryCoreAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var response = await RunAsync(sql, parameters, cancellationToken).ConfigureAwait(false);
        var columns = Columns(response.RootElement);
        var names = columns.Select(c => c.Name).ToArray();
        var chunk = response;
        var data = response.RootElement.TryGetProperty("result", out var first) ? first : default;
        try
        {
            while (true)
            {
                if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty("data_array", out var rows) && rows.ValueKind == JsonValueKind.Array)
                {
                    foreach (var row in rows.EnumerateArray())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var values = new object?[names.Length];
                        var i = 0;
                        foreach (var cell in row.EnumerateArray())
                        {
                            if (i < values.Length)
                            {
                                values[i] = Convert(cell, columns[i].TypeName);
                            }

                            i++;
                        }

                        yield return new SqlRow(names, values);
                    }
                }

                // An absent next link means this was the last chunk.
                if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("next_chunk_internal_link", out var next) || next.ValueKind != JsonValueKind.String)
                {
                    break;
                }

                var link = next.GetString()!;
                chunk.Dispose();
                Interlocked.Increment(ref _httpRequests);
                chunk = await _api.GetAsync(link, cancellationToken).ConfigureAwait(false);
                data = chunk.RootElement;
            }
        }
        finally
        {
            chunk.Dispose();
        }
    }

    protected override async Task<IReadOnlyList<(string Name, string Type)>> DescribeResultAsync(string sql, CancellationToken cancellationToken)
    {
        using var response = await RunAsync(sql, null, cancellationToken).ConfigureAwait(false);
        return Columns(response.RootElement).Select(c => (c.Name, c.TypeText)).ToList();
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// Executes and polls to a terminal state; returns the response holding the manifest and first chunk. The request
    /// names the connected catalog and schema, so unqualified names resolve there. Databricks treats the schema field
    /// as USE SCHEMA, which fails while the schema does not exist (before Install-GenieObservabilitySchema creates
    /// it): such a statement is sent again with the catalog alone, where the catalog's default schema serves.
    /// </summary>
    private async Task<JsonDocument> RunAsync(string sql, IReadOnlyDictionary<string, object?>? parameters, CancellationToken cancellationToken)
    {
        var (text, names) = NamedParameterSql.Rewrite(sql, ParameterMarkerStyle.ColonName, Dialect);
        NamedParameterSql.RequireValues(names, parameters);
        var boundParameters = names.Distinct(StringComparer.Ordinal).Select(n => Parameter(n, Normalize(parameters![n]))).ToList();
        var response = await SubmitAsync(text, boundParameters, Tables.Schema, cancellationToken).ConfigureAwait(false);
        if (State(response.RootElement) == "FAILED" && IsSchemaNotFound(response.RootElement))
        {
            response.Dispose();
            response = await SubmitAsync(text, boundParameters, null, cancellationToken).ConfigureAwait(false);
        }

        if (State(response.RootElement) == "FAILED")
        {
            using (response)
            {
                throw Failed(response.RootElement, sql);
            }
        }

        return response;
    }

    /// <summary>Sends one statement and polls it to SUCCEEDED or FAILED (any other end is an error).</summary>
    private async Task<JsonDocument> SubmitAsync(string text, List<Dictionary<string, object?>> parameters, string? schema, CancellationToken cancellationToken)
    {
        var request = new Dictionary<string, object?>
        {
            ["statement"] = text,
            ["warehouse_id"] = WarehouseId,
            ["catalog"] = Tables.Catalog,
            ["parameters"] = parameters,
            ["wait_timeout"] = WaitTimeout,
            ["on_wait_timeout"] = "CONTINUE",
            ["disposition"] = "INLINE",
            ["format"] = "JSON_ARRAY",
        };
        if (schema is not null)
        {
            request["schema"] = schema;
        }

        Interlocked.Increment(ref _httpRequests);
        var response = await _api.SendAsync(HttpMethod.Post, BasePath, JsonSerializer.Serialize(request), idempotent: false, cancellationToken).ConfigureAwait(false);
        var statementId = response.RootElement.TryGetProperty("statement_id", out var id) ? id.GetString() : null;
        var delay = PollInterval;
        try
        {
            while (true)
            {
                var state = State(response.RootElement);
                switch (state)
                {
                    case "SUCCEEDED" or "FAILED":
                        return response;
                    case "PENDING" or "RUNNING":
                        break;
                    default:
                        throw new GenieObservabilityException(
                            $"The SQL statement {statementId} ended as {state} on warehouse {WarehouseId} (statement: {Shorten(text)}).",
                            "WarehouseStatementCanceled",
                            GenieErrorCategory.OperationStopped);
                }

                if (statementId is null)
                {
                    throw new GenieObservabilityException("The SQL Statement API answered without a statement_id.", "WarehouseInvalidResponse", GenieErrorCategory.ProtocolError);
                }

                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxPollInterval.Ticks));
                response.Dispose();
                Interlocked.Increment(ref _httpRequests);
                response = await _api.GetAsync($"{BasePath}/{Uri.EscapeDataString(statementId)}", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && statementId is not null)
        {
            response.Dispose();
            await CancelAsync(statementId).ConfigureAwait(false);
            throw;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Best effort: the warehouse stops the statement; a failure to cancel must not hide the cancellation.</summary>
    private async Task CancelAsync(string statementId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            Interlocked.Increment(ref _httpRequests);
            using var _ = await _api.SendAsync(HttpMethod.Post, $"{BasePath}/{Uri.EscapeDataString(statementId)}/cancel", "{}", idempotent: true, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is GenieObservabilityException or OperationCanceledException or HttpRequestException)
        {
            // The statement times out on the warehouse by itself; the caller already knows it was cancelled.
        }
    }

    private static string State(JsonElement root) =>
        root.TryGetProperty("status", out var status) && status.TryGetProperty("state", out var state) ? state.GetString() ?? "UNKNOWN" : "UNKNOWN";

    /// <summary>The error class Databricks reports when a schema (here: the request's default schema) does not exist.</summary>
    private static bool IsSchemaNotFound(JsonElement root) =>
        root.TryGetProperty("status", out var status) && status.TryGetProperty("error", out var error)
        && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
        && message.GetString()!.Contains("[SCHEMA_NOT_FOUND]", StringComparison.Ordinal);

    private GenieObservabilityException Failed(JsonElement root, string sql)
    {
        var code = "UNKNOWN";
        var message = "no message";
        if (root.TryGetProperty("status", out var status) && status.TryGetProperty("error", out var error))
        {
            code = error.TryGetProperty("error_code", out var c) ? c.GetString() ?? code : code;
            message = error.TryGetProperty("message", out var m) ? m.GetString() ?? message : message;
        }

        return new GenieObservabilityException(
            $"SQL warehouse {WarehouseId} rejected a statement ({code}): {message} (statement: {Shorten(sql)})",
            "WarehouseStatementFailed",
            GenieErrorCategory.InvalidOperation);
    }

    private static (string Name, string TypeName, string TypeText)[] Columns(JsonElement root)
    {
        if (!root.TryGetProperty("manifest", out var manifest) || !manifest.TryGetProperty("schema", out var schema) || !schema.TryGetProperty("columns", out var columns))
        {
            return [];
        }

        return columns.EnumerateArray()
            .OrderBy(c => c.TryGetProperty("position", out var p) ? p.GetInt32() : 0)
            .Select(c =>
            {
                var typeName = c.TryGetProperty("type_name", out var t) ? t.GetString() ?? "STRING" : "STRING";
                var typeText = c.TryGetProperty("type_text", out var tt) ? tt.GetString() ?? typeName : typeName;
                return (c.GetProperty("name").GetString() ?? string.Empty, typeName, typeText);
            })
            .ToArray();
    }

    /// <summary>JSON_ARRAY results carry every value as a string (or null); the manifest's type_name says what it is.</summary>
    private static object? Convert(JsonElement cell, string typeName)
    {
        if (cell.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = cell.ValueKind == JsonValueKind.String ? cell.GetString()! : cell.GetRawText();
        var invariant = CultureInfo.InvariantCulture;
        return typeName switch
        {
            "LONG" or "BIGINT" => long.Parse(text, NumberStyles.Integer, invariant),
            "INT" or "INTEGER" => int.Parse(text, NumberStyles.Integer, invariant),
            "SHORT" or "SMALLINT" => short.Parse(text, NumberStyles.Integer, invariant),
            "BYTE" or "TINYINT" => sbyte.Parse(text, NumberStyles.Integer, invariant),
            "BOOLEAN" => bool.Parse(text),
            "DOUBLE" => double.Parse(text, NumberStyles.Float, invariant),
            "FLOAT" => float.Parse(text, NumberStyles.Float, invariant),
            "DECIMAL" => decimal.Parse(text, NumberStyles.Float, invariant),
            "DATE" => DateOnly.Parse(text, invariant),
            "TIMESTAMP" => DateTime.Parse(text, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            "TIMESTAMP_NTZ" => DateTime.Parse(text, invariant, DateTimeStyles.None),
            _ => text,
        };
    }

    private static Dictionary<string, object?> Parameter(string name, object? value)
    {
        var invariant = CultureInfo.InvariantCulture;
        var (text, type) = value switch
        {
            null => ((string?)null, (string?)null),
            string s => (s, "STRING"),
            long l => (l.ToString(invariant), "BIGINT"),
            int i => (i.ToString(invariant), "INT"),
            short s => (s.ToString(invariant), "SMALLINT"),
            bool b => (b ? "true" : "false", "BOOLEAN"),
            DateTime dt => ((dt.Kind == DateTimeKind.Local ? dt.ToUniversalTime() : dt).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", invariant), "TIMESTAMP"),
            DateOnly d => (d.ToString("yyyy-MM-dd", invariant), "DATE"),
            double d => (d.ToString("R", invariant), "DOUBLE"),
            float f => (f.ToString("R", invariant), "FLOAT"),
            decimal m => (m.ToString(invariant), $"DECIMAL(38,{m.Scale})"),
            _ => (System.Convert.ToString(value, invariant), "STRING"),
        };

        var parameter = new Dictionary<string, object?> { ["name"] = name };
        if (text is not null)
        {
            parameter["value"] = text;
            parameter["type"] = type;
        }

        return parameter;
    }
}
