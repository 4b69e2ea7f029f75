using System.Globalization;
using System.Text;

namespace GenieObservability.Emulator;

/// <summary>Opaque page tokens of the emulated list APIs: the offset of the next page, base64 without padding.</summary>
internal static class PageTokens
{
    public static string Encode(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes("offset:" + offset.ToString(CultureInfo.InvariantCulture))).TrimEnd('=');

    public static bool TryDecode(string token, out int offset)
    {
        offset = 0;
        try
        {
            var padded = token + new string('=', (4 - (token.Length % 4)) % 4);
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(padded));
            return text.StartsWith("offset:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(7), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
