namespace GenieObservability.Engine.Pipeline;

/// <summary>A Databricks pipeline update that ended FAILED or CANCELED; the message holds the update's error events.</summary>
public sealed class PipelineUpdateFailedException : GenieObservabilityException
{
    public PipelineUpdateFailedException()
        : this("The pipeline update failed.", string.Empty, string.Empty, "FAILED")
    {
    }

    public PipelineUpdateFailedException(string message)
        : this(message, string.Empty, string.Empty, "FAILED")
    {
    }

    public PipelineUpdateFailedException(string message, Exception innerException)
        : base(message, "PipelineUpdateFailed", GenieErrorCategory.InvalidResult, innerException)
    {
        PipelineId = string.Empty;
        UpdateId = string.Empty;
        State = "FAILED";
    }

    public PipelineUpdateFailedException(string message, string pipelineId, string updateId, string state, IReadOnlyList<string>? errorMessages = null)
        : base(message, state == "CANCELED" ? "PipelineUpdateCanceled" : "PipelineUpdateFailed", GenieErrorCategory.InvalidResult)
    {
        PipelineId = pipelineId;
        UpdateId = updateId;
        State = state;
        ErrorMessages = errorMessages ?? [];
    }

    public string PipelineId { get; }

    public string UpdateId { get; }

    /// <summary>FAILED or CANCELED.</summary>
    public string State { get; }

    /// <summary>The messages of the update's ERROR events, oldest first.</summary>
    public IReadOnlyList<string> ErrorMessages { get; } = [];
}
