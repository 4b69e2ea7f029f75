namespace GenieObservability;

/// <summary>How a live space compares with its backup.</summary>
public enum GenieSpaceDriftStatus
{
    /// <summary>The live space matches its backup.</summary>
    InSync,

    /// <summary>Both exist and differ; Differences says how.</summary>
    Changed,

    /// <summary>A backup exists but the workspace has no such space (deleted, or never created there).</summary>
    MissingLive,

    /// <summary>The workspace has the space but the folder has no backup of it.</summary>
    MissingBackup,

    /// <summary>The live space could not be read (forbidden, or a failure after retries); Error says why.</summary>
    Unknown,
}
