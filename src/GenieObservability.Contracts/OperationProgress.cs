namespace GenieObservability;

/// <summary>One progress update. PercentComplete of -1 means unknown; Completed closes the bar.</summary>
public sealed record OperationProgress(int ActivityId, string Activity, string Status, int PercentComplete = -1, bool Completed = false);
