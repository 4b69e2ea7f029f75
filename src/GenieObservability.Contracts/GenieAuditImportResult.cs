namespace GenieObservability;

/// <summary>What Import-GenieAuditLog -PassThru reports for one call.</summary>
public sealed class GenieAuditImportResult
{
    public IReadOnlyList<string> Files { get; set; } = [];

    /// <summary>Non-empty lines read.</summary>
    public long LinesRead { get; set; }

    /// <summary>Rows already present (same event id) or repeated within the input, so not added.</summary>
    public long DuplicateRows { get; set; }

    /// <summary>Rows added to the audit table.</summary>
    public long RowsImported { get; set; }

    /// <summary>Lines skipped because they were not a JSON audit record (counted here and named in one warning; -Verbose lists each).</summary>
    public long MalformedLines { get; set; }

    /// <summary>Rows in the system-table export shape (snake_case).</summary>
    public long SystemTableRows { get; set; }

    /// <summary>Rows in the delivered audit-log shape (camelCase).</summary>
    public long DeliveredLogRows { get; set; }

    /// <summary>Workspace ids seen; their URLs are in the workspaces table.</summary>
    public IReadOnlyList<string> Workspaces { get; set; } = [];

    /// <summary>Workspace ids with no URL known yet: pass -WorkspaceUrl so their messages can be fetched.</summary>
    public IReadOnlyList<string> WorkspacesWithoutUrl { get; set; } = [];

    public TimeSpan Duration { get; set; }
}
