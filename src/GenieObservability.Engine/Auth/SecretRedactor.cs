using System.Text.RegularExpressions;

namespace GenieObservability.Engine.Auth;

/// <summary>
/// Removes credentials from text before it is logged or put into an exception: known secret values, bearer and
/// basic headers, Databricks PATs, JWTs and secret-looking key/value pairs (JSON, form and connection-string style).
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string? text, params string?[] knownSecrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        foreach (var secret in knownSecrets)
        {
            // Very short values would mask ordinary words; secrets that short are not worth hiding that way.
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
                var escaped = Uri.EscapeDataString(secret);
                if (!string.Equals(escaped, secret, StringComparison.Ordinal))
                {
                    text = text.Replace(escaped, Mask, StringComparison.Ordinal);
                }
            }
        }

        text = AuthorizationHeader().Replace(text, m => m.Groups[1].Value + Mask);
        text = SecretPair().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + Mask);
        text = DatabricksPat().Replace(text, Mask);
        text = Jwt().Replace(text, Mask);
        return text;
    }

    [GeneratedRegex(@"\b((?:Bearer|Basic)\s+)[A-Za-z0-9\-._~+/=]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationHeader();

    [GeneratedRegex(@"((?:access_token|refresh_token|id_token|client_secret|azure_client_secret|password|pwd)""?)(\s*[:=]\s*""?)[^""&;,\s}]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretPair();

    [GeneratedRegex(@"\bdapi[0-9a-f]{32}(?:-\d+)?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DatabricksPat();

    [GeneratedRegex(@"\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
