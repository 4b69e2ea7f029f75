namespace GenieObservability;

/// <summary>How Invoke-GeniePipelineRefresh chooses the audit window it reads.</summary>
public enum GeniePipelineMode
{
    /// <summary>The previous successful refresh's window end minus an overlap; Initial when there is none.</summary>
    Auto,

    /// <summary>Whole days: from midnight UTC <c>DaysLookback</c> days ago until now.</summary>
    Initial,

    /// <summary>The last <c>LookbackMinutes</c> minutes; warns when that leaves a gap after the previous run.</summary>
    Incremental,

    /// <summary>Whole days like Initial; without DaysLookback, from the day of the previous run's window end.</summary>
    CatchUp,
}
