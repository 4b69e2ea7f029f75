namespace GenieObservability;

/// <summary>The one row of genie_pipeline_validation: what the last refresh read and built.</summary>
public sealed class GeniePipelineValidation
{
    public DateTimeOffset? WindowStart { get; set; }

    public DateTimeOffset? WindowEnd { get; set; }

    /// <summary>Audit rows of any service in the window and workspace filter.</summary>
    public long AuditRowsInWindow { get; set; }

    public long BronzeRows { get; set; }

    public long SilverRows { get; set; }

    /// <summary>Bronze rows folded into an already-counted message (bronze minus silver).</summary>
    public long DuplicateEvents { get; set; }

    /// <summary>Genie message events in the window dropped because a space, conversation or message id was missing.</summary>
    public long RowsMissingIds { get; set; }

    public long Workspaces { get; set; }

    public long Spaces { get; set; }

    public DateTimeOffset? RefreshedAt { get; set; }
}
