using System.Globalization;
using System.Text;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// The file name of a space backup: <c>&lt;sanitised title&gt;__&lt;space id&gt;.json</c>. Titles are user input, so the
/// name keeps only letters, digits, '-', '_' and single inner dots; it can never leave the target folder, is never a
/// Windows device name (CON, NUL, COM1...), and the title part is length-limited so paths stay short.
/// </summary>
public static class BackupFileName
{
    public const string Extension = ".json";
    public const string Separator = "__";
    public const int MaxTitleLength = 80;

    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
        "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    public static string For(string? title, string spaceId) => SanitiseTitle(title) + Separator + SanitiseId(spaceId) + Extension;

    /// <summary>The glob that finds every backup of one space whatever its title was.</summary>
    public static string PatternFor(string spaceId) => "*" + Separator + SanitiseId(spaceId) + Extension;

    /// <summary>The full path of the backup inside <paramref name="directory"/>; throws if it would escape it.</summary>
    public static string PathIn(string directory, string? title, string spaceId)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, For(title, spaceId)));
        var parent = Path.GetDirectoryName(full);
        if (!string.Equals(parent, Path.TrimEndingDirectorySeparator(root), StringComparison.Ordinal))
        {
            throw new GenieObservabilityException($"The backup file name for space '{spaceId}' would leave '{root}'.", "UnsafeFileName", GenieErrorCategory.SecurityError);
        }

        return full;
    }

    public static string SanitiseTitle(string? title)
    {
        var text = (title ?? string.Empty).Normalize(NormalizationForm.FormC);
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value == '-')
            {
                builder.Append(rune.ToString());
            }
            else if (rune.Value == '.')
            {
                AppendOnce(builder, '.');
            }
            else
            {
                AppendOnce(builder, '_');
            }
        }

        var cleaned = builder.ToString().Trim('.', '_', '-', ' ');
        if (cleaned.Length > MaxTitleLength)
        {
            cleaned = TruncateByTextElements(cleaned, MaxTitleLength).TrimEnd('.', '_', '-');
        }

        if (cleaned.Length == 0)
        {
            return "space";
        }

        return IsReservedName(cleaned.Split('.')[0]) ? "_" + cleaned : cleaned;
    }

    public static string SanitiseId(string spaceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(spaceId);
        var builder = new StringBuilder(spaceId.Length);
        foreach (var c in spaceId)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary>A Windows device name (CON, NUL, COM1...): no file may be called that, whatever its extension.</summary>
    internal static bool IsReservedName(string stem) => ReservedNames.Contains(stem);

    /// <summary>The longest start of <paramref name="text"/> within <paramref name="maxLength"/> chars that does not split a character.</summary>
    internal static string TruncateByTextElements(string text, int maxLength)
    {
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        var length = 0;
        while (enumerator.MoveNext())
        {
            var element = enumerator.GetTextElement();
            if (length + element.Length > maxLength)
            {
                break;
            }

            length += element.Length;
        }

        return text[..length];
    }

    private static void AppendOnce(StringBuilder builder, char c)
    {
        if (builder.Length == 0 || (builder[^1] != c && builder[^1] is not '_' and not '.'))
        {
            builder.Append(c);
        }
        else if (c == '_' && builder[^1] == '.')
        {
            // "a./b" -> "a_b": a dot followed by a separator is not kept (no "..", no trailing dots).
            builder[^1] = '_';
        }
    }
}
