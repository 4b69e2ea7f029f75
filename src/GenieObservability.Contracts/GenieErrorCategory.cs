namespace GenieObservability;

/// <summary>
/// The subset of PowerShell's ErrorCategory the engine uses, kept here so the engine needs no PowerShell types.
/// Names match System.Management.Automation.ErrorCategory so the cmdlet layer maps them by name.
/// </summary>
public enum GenieErrorCategory
{
    NotSpecified,
    InvalidArgument,
    InvalidData,
    InvalidOperation,
    InvalidResult,
    ObjectNotFound,
    PermissionDenied,
    AuthenticationError,
    ConnectionError,
    OperationTimeout,
    LimitsExceeded,
    ResourceUnavailable,
    ResourceBusy,
    ResourceExists,
    OperationStopped,
    ReadError,
    WriteError,
    NotInstalled,
    SecurityError,
    ProtocolError,
}
