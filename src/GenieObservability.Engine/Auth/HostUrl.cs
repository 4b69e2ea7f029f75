using System.Net;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Validates and normalises a workspace (or token authority) URL to scheme://host[:port]/. Credentials are only ever
/// sent over https, or over plain http to a loopback address (local emulators and proxies).
/// </summary>
public static class HostUrl
{
    public static Uri Normalize(string? value, string what = "workspace URL")
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid($"The {what} is empty. Pass the workspace URL, e.g. https://adb-1234567890123456.7.azuredatabricks.net.", "GenieHostMissing");
        }

        var text = value.Trim();

        // The Databricks SDKs accept a bare host name and assume https.
        if (!text.Contains("://", StringComparison.Ordinal) && IsBareHost(text))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid($"'{value}' is not a valid {what}: expected an absolute https URL such as https://adb-1234567890123456.7.azuredatabricks.net.", "GenieHostInvalid");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Invalid($"The {what} must not contain a user name or password; pass credentials through the credential parameters.", "GenieHostInvalid");
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Invalid($"The {what} '{uri.GetLeftPart(UriPartial.Authority)}{uri.AbsolutePath}{uri.Query}' has a path or query: pass only scheme and host, e.g. {uri.GetLeftPart(UriPartial.Authority)}.", "GenieHostInvalid");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            throw new GenieObservabilityException(
                $"Refusing to send credentials over plain http to {uri.Host}: use https://{uri.Authority} (http is only allowed for loopback addresses such as 127.0.0.1 or localhost).",
                "GenieInsecureHost",
                GenieErrorCategory.SecurityError);
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>127.0.0.0/8, ::1 and localhost.</summary>
    public static bool IsLoopback(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }

    private static bool IsBareHost(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':') && text.Contains('.', StringComparison.Ordinal);

    private static GenieObservabilityException Invalid(string message, string errorId) =>
        new(message, errorId, GenieErrorCategory.InvalidArgument);
}
