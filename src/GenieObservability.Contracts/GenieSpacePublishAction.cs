namespace GenieObservability;

/// <summary>What a publish did (or, with -WhatIf, would do) for one space.</summary>
public enum GenieSpacePublishAction
{
    /// <summary>The space has no mapped target yet: it is created.</summary>
    Create,

    /// <summary>The mapped target differs: it is patched.</summary>
    Update,

    /// <summary>The mapped target already matches: nothing is sent.</summary>
    Unchanged,

    /// <summary>The mapped target was deleted (404/403): a new one is created and the map updated.</summary>
    Recreate,

    /// <summary>The target changed after the plan read it (another edit, a new etag): nothing was written; see Reason. -Force overrides.</summary>
    Conflict,

    /// <summary>The pre-flight found tables or metric views missing in the target: nothing was written; see Missing. -Force overrides.</summary>
    Blocked,

    /// <summary>The write failed (the service refused it, or it failed after retries): see Reason. The other spaces go on.</summary>
    Failed,
}
