using System.Text;

namespace GenieObservability.Engine.Spaces.Backup;

/// <summary>
/// The resource key of a space in a bundle (<c>resources.genie_spaces.&lt;key&gt;</c>, <c>src/&lt;key&gt;.geniespace.json</c>).
/// Derived from the title as the CLI's <c>bundle generate</c> does (libs/textutil NormalizeString: lower case, every
/// character that is not a letter or digit becomes '_', runs of '_' collapse, no '_' at either end), then made safe as
/// a file name: at most <see cref="MaxLength"/> characters, never empty, never a Windows device name. Once a space has a
/// key it keeps it when its title changes: the key is the resource's identity in the bundle's deployment state, and a new
/// key would make <c>databricks bundle deploy</c> delete the space and create another.
/// </summary>
public static class BundleKey
{
    public const int MaxLength = 80;

    /// <summary>The CLI's normalisation of a title, made file-name safe ("space" when nothing is left).</summary>
    public static string FromTitle(string? title)
    {
        var lower = (title ?? string.Empty).ToLowerInvariant();
        var builder = new StringBuilder(lower.Length);
        foreach (var rune in lower.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || Rune.IsDigit(rune))
            {
                builder.Append(rune.ToString());
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        var key = builder.ToString().Trim('_');
        if (key.Length > MaxLength)
        {
            key = BackupFileName.TruncateByTextElements(key, MaxLength).TrimEnd('_');
        }

        if (key.Length == 0)
        {
            return "space";
        }

        return BackupFileName.IsReservedName(key) ? "space_" + key : key;
    }

    /// <summary>
    /// A key for a space that has none yet: the title's, or when another space holds it the title's plus the first
    /// eight characters of the space id, or plus the whole id.
    /// </summary>
    public static string Choose(string? title, string spaceId, Func<string, bool> isTaken)
    {
        ArgumentNullException.ThrowIfNull(isTaken);
        var key = FromTitle(title);
        var id = BackupFileName.SanitiseId(spaceId).ToLowerInvariant();
        foreach (var candidate in new[] { key, key + "_" + id[..Math.Min(8, id.Length)], key + "_" + id })
        {
            if (!isTaken(candidate))
            {
                return candidate;
            }
        }

        throw new GenieObservabilityException($"No free bundle key for space '{spaceId}' ('{key}' and its id-suffixed forms are taken).", "BundleKeyTaken", GenieErrorCategory.WriteError);
    }
}
