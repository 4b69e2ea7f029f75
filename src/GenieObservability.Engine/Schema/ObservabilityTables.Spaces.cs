using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Schema;

/// <summary>The table of space configurations (Sync-GenieSpaceDetails), the source of space backups.</summary>
public static partial class ObservabilityTables
{
    public static TableDefinition SpaceDetails { get; } = new(
        "genie_space_details",
        "One row per Genie space; a failed or empty fetch updates only the status and error columns and keeps the last good configuration.",
        ["workspace_id", "space_id"],
        [
            new("workspace_id", S, "Databricks workspace id."),
            new("workspace_url", S, "Workspace URL."),
            new("space_id", S, "Genie space id."),
            new("title", S, "Space title."),
            new("description", S, "Space description."),
            new("warehouse_id", S, "SQL warehouse the space queries."),
            new("parent_path", S, "Workspace folder of the space."),
            new("etag", S, "Etag of the fetched configuration."),
            new("create_time", T, "When the space was created (UTC)."),
            new("update_time", T, "When the space was last updated (UTC)."),
            new("serialized_space", S, "The space configuration as returned by the API."),
            new("content_hash", S, "Hash of the canonical configuration."),
            new("api_fetch_status", S, "OK, FAILED, EMPTY, FORBIDDEN or NOT_FOUND."),
            new("api_fetch_error", S, "Error of the last failed fetch."),
            new("last_success_at", T, "Last successful fetch (UTC)."),
            new("ingestion_batch_id", S, "Run that last wrote this row."),
            new("ingestion_timestamp", T, "When this row was last written (UTC)."),
            new("deleted_at", T, "When a fetch first found the space deleted (UTC); null while it exists. The row is never removed.", AddedLater: true),
        ]);
}
