namespace GenieObservability.Engine.Pipeline;

/// <summary>
/// The audit window one refresh reads (UTC, both ends inclusive, whole seconds) and why it was chosen.
/// <paramref name="GapWarning"/> is set when the window leaves audit time after the previous run unread.
/// </summary>
public sealed record RefreshWindow(
    GeniePipelineMode Mode,
    GeniePipelineMode EffectiveMode,
    DateTime Start,
    DateTime End,
    string Reason,
    int DaysLookback,
    int? LookbackMinutes,
    string? GapWarning = null);
