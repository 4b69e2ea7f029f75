using System.Globalization;
using System.Text.Json;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Reads an OAuth/managed-identity token response. Expiry comes as expires_in (seconds from now) or expires_on (epoch
/// seconds, or a date on old App Service endpoints), each as a number or a string depending on the endpoint.
/// </summary>
internal static class TokenResponse
{
    /// <summary>Used when an endpoint gives no expiry at all: every endpoint this module talks to documents one hour.</summary>
    internal static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    public static bool TryParse(string body, DateTimeOffset now, out BearerToken? token)
    {
        token = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("access_token", out var access)
                || access.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(access.GetString()))
            {
                return false;
            }

            token = new BearerToken(access.GetString()!, ReadExpiry(root, now));
            return true;
        }
    }

    internal static DateTimeOffset ReadExpiry(JsonElement root, DateTimeOffset now)
    {
        if (root.TryGetProperty("expires_in", out var expiresIn) && TryReadNumber(expiresIn, out var seconds) && seconds > 0)
        {
            return now.AddSeconds(seconds);
        }

        if (root.TryGetProperty("expires_on", out var expiresOn))
        {
            if (TryReadNumber(expiresOn, out var epoch) && epoch > 0)
            {
                return DateTimeOffset.FromUnixTimeSeconds((long)epoch);
            }

            if (expiresOn.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(expiresOn.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }
        }

        return now + DefaultLifetime;
    }

    private static bool TryReadNumber(JsonElement element, out double value)
    {
        value = 0;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.TryGetDouble(out value),
            JsonValueKind.String => double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    /// <summary>The OAuth error and description from an error body ({error, error_description} or Databricks {error_code, message}).</summary>
    public static string? DescribeError(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var code = Text(root, "error") ?? Text(root, "error_code");
            var description = Text(root, "error_description") ?? Text(root, "message");
            if (code is null && description is null)
            {
                return null;
            }

            // Entra descriptions carry trace and correlation ids on extra lines; the first line says what is wrong.
            description = description?.Split('\n', 2)[0].Trim();
            return code is null ? description : description is null ? code : $"{code}: {description}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
