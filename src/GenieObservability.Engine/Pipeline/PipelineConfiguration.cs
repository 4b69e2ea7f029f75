using System.Globalization;

namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// The genie.* configuration keys of sql/pipeline.sql (all strings): the workspaces in scope, which Install-GeniePipeline
/// sets, and the window keys each refresh sets. A key missing from a pipeline's configuration is not substituted, so
/// every key is always defined ('' for an unused one).
/// </summary>
public static class PipelineConfiguration
{
    public const string WorkspaceIds = "genie.workspace_ids";
    public const string WindowStart = "genie.window_start";
    public const string WindowEnd = "genie.window_end";
    public const string DaysLookback = "genie.days_lookback";
    public const string LookbackMinutes = "genie.lookback_minutes";

    /// <summary>The value a key gets when nothing set it: the Initial window for days_lookback, '' for the rest.</summary>
    public static string DefaultValue(string key) =>
        key == DaysLookback ? LoadModePlanner.DefaultDaysLookback.ToString(CultureInfo.InvariantCulture) : string.Empty;

    /// <summary>The workspace ids as the SQL reads them: comma-separated, '' for every workspace.</summary>
    public static string WorkspaceIdsValue(IEnumerable<string> workspaceIds) => string.Join(',', ValidateWorkspaceIds(workspaceIds));

    /// <summary>
    /// Trimmed, distinct workspace ids, each a number: the pipeline substitutes them into its SQL as text, so anything
    /// else is refused before it gets there.
    /// </summary>
    public static IReadOnlyList<string> ValidateWorkspaceIds(IEnumerable<string> workspaceIds)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var ids = workspaceIds.Select(w => (w ?? string.Empty).Trim()).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.FirstOrDefault(w => !w.All(char.IsAsciiDigit)) is { } bad)
        {
            throw new GenieObservabilityException(
                $"'{bad}' is not a workspace id: give each id as its number (e.g. 1234567890123456), one per element.",
                "InvalidWorkspaceId",
                GenieErrorCategory.InvalidArgument);
        }

        return ids;
    }

    /// <summary>
    /// The keys a refresh sets for one window. The workspace ids only when the refresh names some: without them the
    /// pipeline keeps the scope it was installed with.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForWindow(RefreshWindow window, IReadOnlyList<string> workspaceIds)
    {
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [WindowStart] = window.Start.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            [WindowEnd] = window.End.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            [DaysLookback] = window.DaysLookback.ToString(CultureInfo.InvariantCulture),
            [LookbackMinutes] = window.LookbackMinutes?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
        };
        if (workspaceIds.Count > 0)
        {
            settings[WorkspaceIds] = WorkspaceIdsValue(workspaceIds);
        }

        return settings;
    }
}
