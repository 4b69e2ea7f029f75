using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using DuckDB.NET.Data;

namespace GenieObservability.Emulator;

/// <summary>
/// The SQL warehouse behind /api/2.0/sql/statements: a DuckDB database per emulator (a temp file, so each statement's
/// connection shares one database). A statement submitted with wait_timeout "0s" is PENDING, then RUNNING on the next
/// poll, then runs and is SUCCEEDED or FAILED; otherwise it runs at once. Results are served in chunks of
/// <see cref="ChunkRowCount"/> rows, read from an open cursor in order, so a large result is never held whole.
/// </summary>
public sealed class StatementStore : IDisposable
{
    private readonly ConcurrentDictionary<string, Statement> _statements = new(StringComparer.Ordinal);
    private readonly string _directory = Directory.CreateTempSubdirectory("genie-emulator-sql-").FullName;

    public StatementStore()
    {
        DatabasePath = Path.Combine(_directory, DatabricksSqlTranslator.MainCatalog + ".duckdb");
    }

    /// <summary>Rows per result chunk.</summary>
    public int ChunkRowCount { get; set; } = 5000;

    /// <summary>Polls a "0s" statement stays non-terminal: the first in PENDING, the rest in RUNNING.</summary>
    public int PollsBeforeCompletion { get; set; } = 2;

    /// <summary>Warehouse ids that exist; empty means any id is accepted.</summary>
    public ConcurrentDictionary<string, bool> Warehouses { get; } = new(StringComparer.Ordinal);

    public string DatabasePath { get; }

    public int Count => _statements.Count;

    internal Statement Submit(string sql, IReadOnlyList<StatementParameter> parameters, long? rowLimit, StatementDefaults defaults)
    {
        var statement = new Statement(Guid.NewGuid().ToString(), sql, parameters, rowLimit, defaults, PollsBeforeCompletion, ChunkRowCount);
        _statements[statement.Id] = statement;
        return statement;
    }

    internal Statement? Find(string id) => _statements.TryGetValue(id, out var statement) ? statement : null;

    internal DuckDBConnection Connect()
    {
        var connection = new DuckDBConnection($"Data Source={DatabasePath}");
        connection.Open();
        using var macros = connection.CreateCommand();
        macros.CommandText = DatabricksSqlTranslator.MacrosSql;
        macros.ExecuteNonQuery();
        return connection;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A connection a test left open still holds the file; the temp folder is cleaned by the OS.
        }
    }
}

internal sealed record StatementParameter(string Name, string? Value, string? Type);

/// <summary>
/// The request's <c>catalog</c> and <c>schema</c>: what unqualified names resolve to, as with USE CATALOG / USE SCHEMA.
/// The emulator has one catalog, <c>main</c>; without a schema its DuckDB default schema stands in for <c>default</c>.
/// </summary>
internal sealed record StatementDefaults(string? Catalog, string? Schema);

internal sealed record ResultColumn(string Name, string TypeName, string TypeText);

/// <summary>One submitted statement: its state machine and, once succeeded, the cursor its chunks are read from.</summary>
internal sealed class Statement(string id, string sql, IReadOnlyList<StatementParameter> parameters, long? rowLimit, StatementDefaults defaults, int pollsBeforeCompletion, int chunkRowCount) : IDisposable
{
    private readonly object _gate = new();
    private int _polls;
    private DuckDBConnection? _connection;
    private DuckDBCommand? _command;
    private DuckDBDataReader? _reader;
    private int _nextChunk;
    private List<string?[]>? _lastChunk;
    private long _served;

    public string Id { get; } = id;

    public string State { get; private set; } = "PENDING";

    public string? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    public IReadOnlyList<ResultColumn> Columns { get; private set; } = [];

    public long TotalRows { get; private set; }

    public bool Truncated { get; private set; }

    public int ChunkRowCount { get; } = Math.Max(1, chunkRowCount);

    public int TotalChunks => TotalRows == 0 ? 0 : (int)((TotalRows + ChunkRowCount - 1) / ChunkRowCount);

    /// <summary>Advances the state machine by one observation (the submit with "0s", or a poll).</summary>
    public void Observe(StatementStore store, bool runNow)
    {
        lock (_gate)
        {
            if (State is not ("PENDING" or "RUNNING"))
            {
                return;
            }

            if (!runNow && _polls < pollsBeforeCompletion)
            {
                State = _polls == 0 ? "PENDING" : "RUNNING";
                _polls++;
                return;
            }

            Run(store);
        }
    }

    public void Cancel()
    {
        lock (_gate)
        {
            if (State is "PENDING" or "RUNNING")
            {
                State = "CANCELED";
            }
        }
    }

    /// <summary>Rows of chunk <paramref name="index"/>: the next one in order, or the last one again (a retried read).</summary>
    public List<string?[]>? Chunk(int index)
    {
        lock (_gate)
        {
            if (State != "SUCCEEDED" || index < 0 || index >= Math.Max(1, TotalChunks))
            {
                return null;
            }

            if (index == _nextChunk - 1 && _lastChunk is not null)
            {
                return _lastChunk;
            }

            if (index != _nextChunk)
            {
                return null;
            }

            var rows = new List<string?[]>(Math.Min(ChunkRowCount, 10_000));
            while (rows.Count < ChunkRowCount && _served < TotalRows && _reader is not null && _reader.Read())
            {
                var values = new string?[Columns.Count];
                for (var i = 0; i < values.Length; i++)
                {
                    values[i] = _reader.IsDBNull(i) ? null : Format(_reader.GetValue(i));
                }

                rows.Add(values);
                _served++;
            }

            _nextChunk++;
            _lastChunk = rows;
            if (_served >= TotalRows)
            {
                CloseCursor();
            }

            return rows;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseCursor();
        }
    }

    private void Run(StatementStore store)
    {
        string translated;
        List<string> markers;
        try
        {
            (translated, markers) = DatabricksSqlTranslator.Translate(sql);
        }
        catch (ArgumentException ex)
        {
            Fail("INVALID_PARAMETER_VALUE", ex.Message);
            return;
        }

        var missing = markers.FirstOrDefault(m => !parameters.Any(p => p.Name == m));
        if (missing is not null)
        {
            Fail("BAD_REQUEST", $"[UNBOUND_SQL_PARAMETER] Found the unbound parameter: {missing}. Please, fix `args` and provide a mapping of the parameter to a SQL literal.");
            return;
        }

        try
        {
            // Count first (a second execution), so the manifest can say how many rows and chunks there are while
            // the rows themselves are read from a streaming cursor chunk by chunk.
            var isQuery = IsQuery(translated);
            _connection = store.Connect();
            if (!UseDefaults())
            {
                CloseCursor();
                return;
            }

            if (isQuery)
            {
                using var count = Command($"SELECT COUNT(*) FROM ({translated.TrimEnd().TrimEnd(';')}) AS counted", markers);
                TotalRows = Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            _command = Command(translated, markers);
            _command.UseStreamingMode = true;
            _reader = _command.ExecuteReader();
            var columns = new List<ResultColumn>();
            for (var i = 0; i < _reader.FieldCount; i++)
            {
                columns.Add(ColumnOf(_reader.GetName(i), _reader.GetFieldType(i), isQuery));
            }

            if (!isQuery)
            {
                // DML reports its counts as one row; DDL has no rows.
                TotalRows = columns.Count > 0 ? 1 : 0;
            }

            Columns = columns;
            if (rowLimit is { } limit && TotalRows > limit)
            {
                TotalRows = limit;
                Truncated = true;
            }

            State = "SUCCEEDED";
            if (TotalRows == 0)
            {
                CloseCursor();
            }
        }
        catch (DuckDBException ex)
        {
            CloseCursor();
            Fail(ex.Message.Contains("Parser Error", StringComparison.Ordinal) ? "BAD_REQUEST" : "INTERNAL_ERROR", ex.Message);
        }
    }

    /// <summary>Points the statement's connection at the request's catalog and schema; false (and FAILED) when either does not exist.</summary>
    private bool UseDefaults()
    {
        var catalog = defaults.Catalog ?? "main";
        if (!string.Equals(catalog, "main", StringComparison.OrdinalIgnoreCase))
        {
            Fail("NOT_FOUND", $"[NO_SUCH_CATALOG_EXCEPTION] Catalog '{catalog}' was not found. Please verify the catalog name and then retry the query or command again.");
            return false;
        }

        if (defaults.Schema is null)
        {
            return true;
        }

        try
        {
            using var use = _connection!.CreateCommand();
            use.CommandText = $"USE {DatabricksSqlTranslator.MainCatalog}.\"{defaults.Schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            use.ExecuteNonQuery();
            return true;
        }
        catch (DuckDBException)
        {
            Fail("BAD_REQUEST", $"[SCHEMA_NOT_FOUND] The schema `{catalog}`.`{defaults.Schema}` cannot be found. Verify the spelling and correctness of the schema and catalog.");
            return false;
        }
    }

    private DuckDBCommand Command(string text, List<string> markers)
    {
        var command = _connection!.CreateCommand();
        command.CommandText = text;
        foreach (var name in markers.Distinct(StringComparer.Ordinal))
        {
            var parameter = parameters.Last(p => p.Name == name);
            command.Parameters.Add(new DuckDBParameter(name, Parse(parameter)));
        }

        return command;
    }

    private void Fail(string code, string message)
    {
        State = "FAILED";
        ErrorCode = code;
        ErrorMessage = message;
    }

    private void CloseCursor()
    {
        _reader?.Dispose();
        _reader = null;
        _command?.Dispose();
        _command = null;
        _connection?.Dispose();
        _connection = null;
    }

    private static bool IsQuery(string sql)
    {
        var head = sql.TrimStart().Split([' ', '\n', '\r', '\t', '('], 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToUpperInvariant();
        return head is "SELECT" or "WITH" or "VALUES" or "DESCRIBE" or "SHOW" or "FROM";
    }

    private static ResultColumn ColumnOf(string name, Type type, bool isQuery)
    {
        if (!isQuery && string.Equals(name, "Count", StringComparison.OrdinalIgnoreCase))
        {
            return new ResultColumn("num_affected_rows", "LONG", "BIGINT");
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => new(name, "STRING", "STRING"),
            TypeCode.Int64 or TypeCode.UInt32 => new(name, "LONG", "BIGINT"),
            TypeCode.Int32 or TypeCode.UInt16 => new(name, "INT", "INT"),
            TypeCode.Int16 or TypeCode.Byte => new(name, "SHORT", "SMALLINT"),
            TypeCode.SByte => new(name, "BYTE", "TINYINT"),
            TypeCode.Boolean => new(name, "BOOLEAN", "BOOLEAN"),
            TypeCode.Double => new(name, "DOUBLE", "DOUBLE"),
            TypeCode.Single => new(name, "FLOAT", "FLOAT"),
            TypeCode.Decimal => new(name, "DECIMAL", "DECIMAL(38,18)"),
            TypeCode.DateTime => new(name, "TIMESTAMP", "TIMESTAMP"),
            _ when type == typeof(DateOnly) => new(name, "DATE", "DATE"),
            _ when type == typeof(DateTimeOffset) => new(name, "TIMESTAMP", "TIMESTAMP"),
            _ => new(name, "STRING", "STRING"),
        };
    }

    private static string Format(object value) => value switch
    {
        DateTime dt => dt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static object Parse(StatementParameter parameter)
    {
        if (parameter.Value is null)
        {
            return DBNull.Value;
        }

        var value = parameter.Value;
        var type = (parameter.Type ?? "STRING").ToUpperInvariant();
        var invariant = CultureInfo.InvariantCulture;
        return type switch
        {
            "BIGINT" or "LONG" => long.Parse(value, invariant),
            "INT" or "INTEGER" => int.Parse(value, invariant),
            "SMALLINT" or "SHORT" => short.Parse(value, invariant),
            "BOOLEAN" => bool.Parse(value),
            "DOUBLE" => double.Parse(value, invariant),
            "FLOAT" => float.Parse(value, invariant),
            "DATE" => DateOnly.Parse(value, invariant),
            "TIMESTAMP" or "TIMESTAMP_NTZ" => DateTime.Parse(value, invariant, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            _ when type.StartsWith("DECIMAL", StringComparison.Ordinal) => decimal.Parse(value, invariant),
            _ => value,
        };
    }
}
