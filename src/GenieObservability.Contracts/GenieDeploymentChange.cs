namespace GenieObservability;

/// <summary>One resource of an install or uninstall: the workspace folder or file, the schema, a table, the pipeline.</summary>
public sealed class GenieDeploymentChange
{
    /// <summary>Folder, File, Schema, Table or Pipeline.</summary>
    public string Resource { get; set; } = string.Empty;

    /// <summary>The workspace path, qualified table name or pipeline name.</summary>
    public string Target { get; set; } = string.Empty;

    public GenieDeploymentAction Action { get; set; }

    /// <summary>True when the change was made; false when nothing was needed, under -WhatIf, or when a confirmation was declined.</summary>
    public bool Applied { get; set; }

    /// <summary>What differs, or why the change was not made.</summary>
    public string? Detail { get; set; }

    public override string ToString() => $"{Resource} {Target}: {Action}{(Applied ? string.Empty : Action is GenieDeploymentAction.Unchanged ? string.Empty : " (not applied)")}";
}
