namespace GenieObservability.Engine.Pipeline;

/// <summary>A line of an audit file that was skipped: where it is and why.</summary>
public sealed record AuditImportError(string File, long LineNumber, string Reason)
{
    public override string ToString() => $"{File}:{LineNumber}: {Reason}";
}
