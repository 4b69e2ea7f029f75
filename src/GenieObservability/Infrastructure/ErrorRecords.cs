using System.Data.Common;
using System.Management.Automation;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>Turns engine failures into ErrorRecords with stable ids and categories.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target)
    {
        exception = Unwrap(exception);
        return exception switch
        {
            GenieObservabilityException genie => new ErrorRecord(genie, genie.ErrorId, ToPowerShell(genie.Category), target),
            OperationCanceledException => new ErrorRecord(exception, "OperationCancelled", ErrorCategory.OperationStopped, target),
            TimeoutException => new ErrorRecord(exception, "OperationTimeout", ErrorCategory.OperationTimeout, target),
            DbException => new ErrorRecord(exception, "WarehouseError", ErrorCategory.InvalidOperation, target),
            IOException => new ErrorRecord(exception, "FileError", ErrorCategory.WriteError, target),
            UnauthorizedAccessException => new ErrorRecord(exception, "AccessDenied", ErrorCategory.PermissionDenied, target),
            ArgumentException => new ErrorRecord(exception, "InvalidArgument", ErrorCategory.InvalidArgument, target),
            _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
        };
    }

    public static Exception Unwrap(Exception exception)
    {
        while (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception;
    }

    public static ErrorCategory ToPowerShell(GenieErrorCategory category) =>
        Enum.TryParse<ErrorCategory>(category.ToString(), out var mapped) ? mapped : ErrorCategory.NotSpecified;

    public static GenieErrorCategory ToGenie(ErrorCategory category) =>
        Enum.TryParse<GenieErrorCategory>(category.ToString(), out var mapped) ? mapped : GenieErrorCategory.NotSpecified;
}
