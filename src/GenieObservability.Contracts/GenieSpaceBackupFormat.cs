namespace GenieObservability;

/// <summary>How Export-GenieSpaceBackup lays out the backups of a folder.</summary>
public enum GenieSpaceBackupFormat
{
    /// <summary>One canonical <c>&lt;title&gt;__&lt;space_id&gt;.json</c> per space: metadata and the parsed serialized space.</summary>
    Json,

    /// <summary>
    /// A Databricks Asset Bundle (what <c>databricks bundle generate genie-space</c> writes): <c>src/&lt;key&gt;.geniespace.json</c>,
    /// <c>resources/&lt;key&gt;.genie_space.yml</c> and a <c>databricks.yml</c>, deployable with <c>databricks bundle deploy</c>.
    /// </summary>
    Bundle,
}
