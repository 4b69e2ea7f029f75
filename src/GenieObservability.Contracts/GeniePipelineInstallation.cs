namespace GenieObservability;

/// <summary>
/// What Install-GeniePipeline or Uninstall-GeniePipeline did (or, with -WhatIf, would do): the pipeline, where its
/// file lives, and one <see cref="GenieDeploymentChange"/> per resource (file, schema and tables, pipeline).
/// </summary>
public sealed class GeniePipelineInstallation
{
    /// <summary>Install or Uninstall.</summary>
    public string Operation { get; set; } = "Install";

    public string Name { get; set; } = string.Empty;

    /// <summary>The pipeline's id; null when it does not exist (not installed, or a create -WhatIf skipped).</summary>
    public string? PipelineId { get; set; }

    /// <summary>The pipeline's page in the workspace.</summary>
    public Uri? Url { get; set; }

    public string Catalog { get; set; } = string.Empty;

    public string Schema { get; set; } = string.Empty;

    /// <summary>The workspaces in the pipeline's scope (genie.workspace_ids); empty means every workspace in the audit log.</summary>
    public IReadOnlyList<string> WorkspaceIds { get; set; } = [];

    /// <summary>The workspace file the pipeline runs (the module's sql/pipeline.sql).</summary>
    public string? FilePath { get; set; }

    /// <summary>True when nothing was written because of -WhatIf.</summary>
    public bool WhatIf { get; set; }

    public IReadOnlyList<GenieDeploymentChange> Changes { get; set; } = [];

    /// <summary>True when at least one change was made.</summary>
    public bool Changed => Changes.Any(c => c.Applied);

    /// <summary>The action on the pipeline file.</summary>
    public string File => Summarize("File");

    /// <summary>The action on the pipeline.</summary>
    public string Pipeline => Summarize("Pipeline");

    /// <summary>The actions on the schema and its tables, counted, e.g. "Create 4, Unchanged 1".</summary>
    public string Tables => Summarize("Schema", "Table");

    /// <summary>What changed (or, with -WhatIf, would change), grouped by action, e.g. "Created: folder, file, schema, 4 tables, pipeline."; or that nothing did.</summary>
    public string Summary
    {
        get
        {
            var pending = Changes.Where(c => c.Action is not GenieDeploymentAction.Unchanged).ToList();
            var kept = Operation == "Uninstall" ? " The schema and every table are kept." : string.Empty;
            if (pending.Count == 0)
            {
                return (Operation == "Uninstall" ? "Nothing to remove: the pipeline is not installed." : "Nothing to change: the pipeline, its file and the tables are up to date.") + kept;
            }

            var parts = pending.GroupBy(Outcome).Select(group =>
            {
                var resources = group.GroupBy(c => c.Resource).Select(r => r.Count() == 1 ? r.Key.ToLowerInvariant() : $"{r.Count()} {r.Key.ToLowerInvariant()}s");
                return $"{group.Key}: {string.Join(", ", resources)}";
            });
            return string.Join("; ", parts) + "." + kept;
        }
    }

    public override string ToString() => $"{Operation} {Name}: {Summary}";

    private string Outcome(GenieDeploymentChange change)
    {
        var verb = change.Action.ToString().ToLowerInvariant();
        if (WhatIf)
        {
            return "Would " + verb;
        }

        var past = change.Action switch
        {
            GenieDeploymentAction.Skip => "skipped",
            GenieDeploymentAction.Delete => "deleted",
            _ => verb + "d",
        };
        return change.Applied || change.Action == GenieDeploymentAction.Skip ? char.ToUpperInvariant(past[0]) + past[1..] : "Not " + past + " (declined)";
    }

    private string Summarize(params string[] resources)
    {
        var counts = Changes.Where(c => resources.Contains(c.Resource)).GroupBy(c => c.Action).OrderBy(g => g.Key).ToList();
        if (counts.Count == 0)
        {
            return string.Empty;
        }

        return counts.Count == 1 && counts[0].Count() == 1
            ? counts[0].Key.ToString()
            : string.Join(", ", counts.Select(g => $"{g.Key} {g.Count()}"));
    }
}
