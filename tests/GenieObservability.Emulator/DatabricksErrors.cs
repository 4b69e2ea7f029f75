using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>Error bodies as Databricks sends them: {"error_code", "message", "details":[RequestInfo]}.</summary>
public static class DatabricksErrors
{
    public static string DefaultCode(int status) => status switch
    {
        400 => "INVALID_PARAMETER_VALUE",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "RESOURCE_DOES_NOT_EXIST",
        409 => "RESOURCE_CONFLICT",
        429 => "REQUEST_LIMIT_EXCEEDED",
        500 => "INTERNAL_ERROR",
        503 => "TEMPORARILY_UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "UNKNOWN",
    };

    public static async Task WriteAsync(HttpContext context, int status, string errorCode, string message)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = Guid.NewGuid().ToString();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers["x-request-id"] = requestId;
        var body = new Dictionary<string, object?>
        {
            ["error_code"] = errorCode,
            ["message"] = message,
            ["details"] = new object[]
            {
                new Dictionary<string, object?> { ["@type"] = "type.googleapis.com/google.rpc.RequestInfo", ["request_id"] = requestId, ["serving_data"] = string.Empty },
            },
        };
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted).ConfigureAwait(false);
    }

    public static Task NotFound(HttpContext context, string what) => WriteAsync(context, 404, "RESOURCE_DOES_NOT_EXIST", what + " does not exist.");
}

/// <summary>A request the emulated API refuses, with the status and error_code Databricks sends for it.</summary>
public sealed class DatabricksApiException(int status, string errorCode, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string ErrorCode { get; } = errorCode;

    public Task WriteAsync(HttpContext context) => DatabricksErrors.WriteAsync(context, Status, ErrorCode, Message);
}
