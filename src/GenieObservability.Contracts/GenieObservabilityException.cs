namespace GenieObservability;

/// <summary>
/// The one exception type the module lets cross into PowerShell. It carries a stable error id and a category
/// so cmdlets can turn it into an ErrorRecord scripts can filter on, without naming any dependency type.
/// </summary>
public class GenieObservabilityException : Exception
{
    public GenieObservabilityException()
        : this("A GenieObservability operation failed.")
    {
    }

    public GenieObservabilityException(string message)
        : this(message, "GenieObservabilityError", GenieErrorCategory.NotSpecified, null)
    {
    }

    public GenieObservabilityException(string message, Exception? innerException)
        : this(message, "GenieObservabilityError", GenieErrorCategory.NotSpecified, innerException)
    {
    }

    public GenieObservabilityException(string message, string errorId, GenieErrorCategory category, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Category = category;
    }

    /// <summary>A stable identifier scripts can match on (becomes the ErrorRecord's FullyQualifiedErrorId).</summary>
    public string ErrorId { get; }

    /// <summary>What kind of failure this is (mapped to PowerShell's ErrorCategory).</summary>
    public GenieErrorCategory Category { get; }
}
