namespace GenieObservability;

/// <summary>What installing or uninstalling does (or, with -WhatIf, would do) to one resource.</summary>
public enum GenieDeploymentAction
{
    /// <summary>Already as it should be: nothing is sent.</summary>
    Unchanged,

    Create,

    Update,

    Delete,

    /// <summary>Needed but not possible here (e.g. tables without a connected Databricks SQL warehouse); the detail says why.</summary>
    Skip,
}
