using GenieObservability.Engine.Pipeline;
using GenieObservability.Engine.Warehouse;

namespace GenieObservability.Engine.Report.Sections;

/// <summary>A space is identified by its workspace and id (the same space id can exist in two workspaces).</summary>
internal static class SpaceKey
{
    public static string Of(SqlRow row) => $"{row.GetString("workspace_id")}/{row.GetString("space_id")}";
}
