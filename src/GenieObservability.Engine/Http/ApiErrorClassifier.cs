using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GenieObservability.Engine.Http;

/// <summary>
/// Turns a failed Databricks response into a <see cref="GenieApiException"/> (contract §3): error_code is checked first,
/// then the HTTP status. Understands every body shape Databricks sends: {error_code, message, details[]}, legacy
/// {"error": "..."}, SCIM {detail, status}, plain text "CODE: message", an HTML page with a &lt;pre&gt;, or nothing.
/// </summary>
public static partial class ApiErrorClassifier
{
    private const int MaxMessageLength = 1000;

    public static GenieApiException FromResponse(HttpMethod method, string path, HttpStatusCode status, HttpResponseHeaders headers, string? mediaType, byte[] body)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        var parsed = ParseBody(mediaType, body);
        var statusCode = (int)status;
        var retryAfter = RetryAfterHeader.Parse(headers) ?? parsed.RetryDelay;
        var requestId = parsed.RequestId ?? Header(headers, "x-request-id") ?? Header(headers, "x-databricks-request-id");
        var redirectsToSignIn = headers.Location is { } location && LooksLikeSignInPage(location.ToString());
        var errorType = Classify(statusCode, parsed.ErrorCode, redirectsToSignIn || (parsed.IsHtml && LooksLikeSignInPage(parsed.Text)));
        var detail = string.IsNullOrWhiteSpace(parsed.Message) ? ReasonPhrase(status) : parsed.Message;
        var message = $"{method.Method} {path} failed with HTTP {statusCode}{(parsed.ErrorCode is null ? string.Empty : " " + parsed.ErrorCode)}: {detail}";
        if (requestId is not null)
        {
            message += $" (request id {requestId})";
        }

        return new GenieApiException(errorType, message, statusCode, parsed.ErrorCode, requestId, method.Method, path, retryAfter);
    }

    /// <summary>A 200 whose body is not JSON: a sign-in page (proxy, expired SSO) is an AUTH_ERROR, anything else INVALID_RESPONSE.</summary>
    public static GenieApiException FromUnreadableSuccess(HttpMethod method, string path, HttpStatusCode status, HttpResponseHeaders headers, string? mediaType, byte[] body, Exception? parseError)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(body);
        var text = DecodeForDiagnostics(body);
        var isHtml = IsHtml(mediaType, text);
        var requestId = Header(headers, "x-request-id") ?? Header(headers, "x-databricks-request-id");
        if (isHtml && LooksLikeSignInPage(text))
        {
            return new GenieApiException(
                GenieApiErrorType.AuthError,
                $"{method.Method} {path} returned an HTML sign-in page instead of JSON (HTTP {(int)status}). The workspace URL may be wrong, a proxy may require sign-in, or the credential is not accepted.",
                (int)status, null, requestId, method.Method, path, innerException: parseError);
        }

        var what = body.Length == 0 ? "an empty body" : isHtml ? "an HTML page" : $"a body that is not valid JSON ({mediaType ?? "no content type"}, {body.Length} bytes)";
        return new GenieApiException(
            GenieApiErrorType.InvalidResponse,
            $"{method.Method} {path} returned {what} instead of a JSON object (HTTP {(int)status}).",
            (int)status, null, requestId, method.Method, path, innerException: parseError);
    }

    public static string Classify(int status, string? errorCode, bool isSignInPage)
    {
        switch (errorCode)
        {
            case "REQUEST_LIMIT_EXCEEDED" or "RESOURCE_EXHAUSTED":
                return GenieApiErrorType.RateLimited;
            case "PERMISSION_DENIED" when status is 400 or 403:
                return GenieApiErrorType.PermissionDenied;
            case "RESOURCE_DOES_NOT_EXIST" or "NOT_FOUND" when status is 400 or 404:
                return GenieApiErrorType.NotFound;
            case "DEADLINE_EXCEEDED" when status >= 500:
                return GenieApiErrorType.Timeout;
        }

        return status switch
        {
            401 => GenieApiErrorType.AuthError,
            _ when isSignInPage => GenieApiErrorType.AuthError,
            403 => GenieApiErrorType.PermissionDenied,
            404 => GenieApiErrorType.NotFound,
            408 or 504 => GenieApiErrorType.Timeout,
            409 => GenieApiErrorType.Conflict,
            429 => GenieApiErrorType.RateLimited,
            >= 300 and < 400 => GenieApiErrorType.InvalidResponse,
            >= 500 => GenieApiErrorType.ServerError,
            _ => GenieApiErrorType.BadRequest,
        };
    }

    /// <summary>True for the pages a browser sign-in flow shows (Databricks, Entra, a proxy's SSO).</summary>
    public static bool LooksLikeSignInPage(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SignInPattern().IsMatch(text);
    }

    internal static ParsedErrorBody ParseBody(string? mediaType, byte[] body)
    {
        var text = DecodeForDiagnostics(body);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ParsedErrorBody(null, null, null, null, false, text);
        }

        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                return FromJson(document.RootElement, text);
            }
            catch (JsonException)
            {
                // Falls through to the plain-text handling below.
            }
        }

        if (IsHtml(mediaType, text))
        {
            var pre = PrePattern().Match(text);
            var inner = pre.Success ? pre.Groups[1].Value : TitlePattern().Match(text) is { Success: true } title ? title.Groups[1].Value : string.Empty;
            var message = Clip(WebUtility.HtmlDecode(TagPattern().Replace(inner, " ")).Trim());
            var coded = CodedTextPattern().Match(message);
            return coded.Success
                ? new ParsedErrorBody(coded.Groups[1].Value, Clip(coded.Groups[2].Value), null, null, true, text)
                : new ParsedErrorBody(null, message, null, null, true, text);
        }

        var plain = CodedTextPattern().Match(trimmed);
        return plain.Success
            ? new ParsedErrorBody(plain.Groups[1].Value, Clip(plain.Groups[2].Value.Trim()), null, null, false, text)
            : new ParsedErrorBody(null, Clip(trimmed.Trim()), null, null, false, text);
    }

    private static ParsedErrorBody FromJson(JsonElement root, string text)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return new ParsedErrorBody(null, Clip(text.Trim()), null, null, false, text);
        }

        string? errorCode = null;
        if (root.TryGetProperty("error_code", out var code))
        {
            errorCode = code.ValueKind switch
            {
                JsonValueKind.String => code.GetString(),
                JsonValueKind.Number => code.GetRawText(),
                _ => null,
            };
        }

        var message = StringOf(root, "message") ?? StringOf(root, "error") ?? StringOf(root, "detail") ?? StringOf(root, "error_description");
        if (errorCode is null && root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String && message == error.GetString())
        {
            // Legacy {"error": "CODE: message"} bodies carry the code inside the text.
            var coded = CodedTextPattern().Match(message ?? string.Empty);
            if (coded.Success)
            {
                errorCode = coded.Groups[1].Value;
                message = coded.Groups[2].Value;
            }
        }

        string? requestId = null;
        TimeSpan? retryDelay = null;
        if (root.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
        {
            foreach (var detail in details.EnumerateArray())
            {
                if (detail.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                var type = StringOf(detail, "@type") ?? string.Empty;
                if (type.EndsWith("RequestInfo", StringComparison.Ordinal))
                {
                    requestId ??= StringOf(detail, "request_id");
                }
                else if (type.EndsWith("RetryInfo", StringComparison.Ordinal) && detail.TryGetProperty("retry_delay", out var delay))
                {
                    retryDelay = ParseProtobufDuration(delay);
                }
            }
        }

        return new ParsedErrorBody(errorCode, message is null ? null : Clip(message), requestId, retryDelay, false, text);
    }

    private static TimeSpan? ParseProtobufDuration(JsonElement delay)
    {
        if (delay.ValueKind == JsonValueKind.String)
        {
            var value = delay.GetString() ?? string.Empty;
            return value.EndsWith('s') && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0 && s < 86400
                ? TimeSpan.FromSeconds(s)
                : null;
        }

        if (delay.ValueKind == JsonValueKind.Object)
        {
            var seconds = delay.TryGetProperty("seconds", out var sec) && sec.TryGetInt64(out var whole) ? whole : 0;
            var nanos = delay.TryGetProperty("nanos", out var nano) && nano.TryGetInt64(out var n) ? n : 0;
            return seconds is >= 0 and < 86400 ? TimeSpan.FromSeconds(seconds) + TimeSpan.FromTicks(nanos / 100) : null;
        }

        return null;
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v)) : null;

    private static bool IsHtml(string? mediaType, string text) =>
        (mediaType?.Contains("html", StringComparison.OrdinalIgnoreCase) ?? false)
        || text.TrimStart().StartsWith('<');

    private static string DecodeForDiagnostics(byte[] body) => Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64 * 1024));

    private static string Clip(string text) => text.Length <= MaxMessageLength ? text : string.Concat(text.AsSpan(0, MaxMessageLength), "…");

    private static string ReasonPhrase(HttpStatusCode status) => status.ToString();

    [GeneratedRegex(@"<pre[^>]*>(.*?)</pre>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PrePattern();

    [GeneratedRegex(@"<title[^>]*>(.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TitlePattern();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^\s*([A-Z][A-Z0-9_]{2,}):\s*(.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex CodedTextPattern();

    [GeneratedRegex(@"sign[\s-]?in|log[\s-]?in|/login|type=""password""|microsoftonline|oauth2/authorize|SAML", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, 1000)]
    private static partial Regex SignInPattern();
}

/// <summary>What could be read from an error body.</summary>
internal sealed record ParsedErrorBody(string? ErrorCode, string? Message, string? RequestId, TimeSpan? RetryDelay, bool IsHtml, string Text);
