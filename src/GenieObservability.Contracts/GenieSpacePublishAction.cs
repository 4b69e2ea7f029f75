namespace GenieObservability;

/// <summary>The plan for one space of a publish.</summary>
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
}
