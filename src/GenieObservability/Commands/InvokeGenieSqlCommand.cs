using System.Collections;
using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Commands;

/// <summary>Runs a SQL statement against the connected warehouse and streams its rows as objects.</summary>
[Cmdlet(VerbsLifecycle.Invoke, "GenieSql")]
[OutputType(typeof(PSObject))]
public sealed class InvokeGenieSqlCommand : GenieContextCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string Query { get; set; } = string.Empty;

    [Parameter(Position = 1)]
    public Hashtable? Parameters { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Parameters ?? [])
        {
            parameters[Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture)!] = entry.Value is PSObject wrapped ? wrapped.BaseObject : entry.Value;
        }

        WithWarehouse(Query, async (warehouse, token) =>
        {
            Log.Debug($"{warehouse.Kind}: {Query}");
            await foreach (var row in warehouse.QueryAsync(Query, parameters, token).ConfigureAwait(false))
            {
                var item = new PSObject();
                for (var i = 0; i < row.Columns.Count; i++)
                {
                    var name = row.Columns[i];
                    var unique = name;
                    for (var n = 2; item.Properties[unique] is not null; n++)
                    {
                        unique = $"{name}_{n}";
                    }

                    item.Properties.Add(new PSNoteProperty(unique, row[i]));
                }

                Emit(item);
            }
        });
    }
}
