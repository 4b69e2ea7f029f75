using System.Text.RegularExpressions;

namespace GenieObservability.Engine.Warehouse;

/// <summary>
/// The validated catalog and schema, and the qualified names of every table of the product. Identifiers cannot be
/// parameters, so they are checked here before any SQL is built: letters, digits and underscores only.
/// </summary>
public sealed partial class TableNames
{
    public const string DefaultCatalog = "main";
    public const string DefaultSchema = "genie_analytics";

    public TableNames(string catalog = DefaultCatalog, string schema = DefaultSchema, bool useCatalog = true)
    {
        Catalog = ValidateIdentifier(catalog, nameof(catalog));
        Schema = ValidateIdentifier(schema, nameof(schema));
        UseCatalog = useCatalog;
    }

    public string Catalog { get; }

    public string Schema { get; }

    /// <summary>False where the backend has no catalog level (an embedded file, PostgreSQL): names are schema.table.</summary>
    public bool UseCatalog { get; }

    public string SchemaName => UseCatalog ? $"{Catalog}.{Schema}" : Schema;

    public string Qualify(string table) => $"{SchemaName}.{ValidateIdentifier(table, nameof(table))}";

    public string AuditEvents => Qualify("genie_audit_message_events");

    public string MessagesToFetch => Qualify("genie_messages_to_fetch");

    public string SpaceMetrics => Qualify("genie_space_metrics");

    public string PipelineValidation => Qualify("genie_pipeline_validation");

    public string MessageDetails => Qualify("message_details");

    public string MessageFetchErrors => Qualify("message_fetch_errors");

    public string SpaceDetails => Qualify("genie_space_details");

    public string IngestionRuns => Qualify("genie_ingestion_runs");

    public string QueryMetrics => Qualify("message_query_metrics");

    public string MessageComments => Qualify("message_comments");

    public string MessageFeedback => Qualify("message_feedback");

    public string EvalRuns => Qualify("genie_space_eval_runs");

    public string EvalResults => Qualify("genie_space_eval_results");

    /// <summary>Checks a catalog, schema, table or column name; throws before any SQL is sent.</summary>
    public static string ValidateIdentifier(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 255 || !IdentifierPattern().IsMatch(value))
        {
            throw new GenieObservabilityException(
                $"'{value}' is not a valid {what} name: use letters, digits and underscores, starting with a letter or underscore.",
                "InvalidIdentifier",
                GenieErrorCategory.InvalidArgument);
        }

        return value;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
