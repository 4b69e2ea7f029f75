namespace GenieObservability;

/// <summary>What one row of Get-GenieUsage stands for.</summary>
public enum GenieUsageGrouping
{
    Day,

    /// <summary>Weeks start on Monday.</summary>
    Week,
    Month,
    Space,
    User,
    Workspace,
}
