namespace GenieObservability.Engine.Spaces.Content;

/// <summary>A small line diff (longest common subsequence) for plan summaries: which lines a change adds and removes.</summary>
public sealed class LineDiff
{
    private LineDiff(int added, int removed, IReadOnlyList<string> lines)
    {
        Added = added;
        Removed = removed;
        Lines = lines;
    }

    public int Added { get; }

    public int Removed { get; }

    /// <summary>Changed lines in order, prefixed with '-' (only in the old text) or '+' (only in the new text).</summary>
    public IReadOnlyList<string> Lines { get; }

    public static LineDiff Compute(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        var a = oldText.Split('\n');
        var b = newText.Split('\n');

        // Common prefix and suffix first: a typical edit touches a few lines of a long file.
        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Length - prefix && suffix < b.Length - prefix && a[^(suffix + 1)] == b[^(suffix + 1)])
        {
            suffix++;
        }

        var oldMiddle = a[prefix..(a.Length - suffix)];
        var newMiddle = b[prefix..(b.Length - suffix)];
        var lines = new List<string>();
        var added = 0;
        var removed = 0;

        // The quadratic table is bounded: beyond it the middle is reported as replaced wholesale.
        if ((long)oldMiddle.Length * newMiddle.Length > 4_000_000)
        {
            lines.AddRange(oldMiddle.Select(l => "-" + l));
            lines.AddRange(newMiddle.Select(l => "+" + l));
            return new LineDiff(newMiddle.Length, oldMiddle.Length, lines);
        }

        var lcs = new int[oldMiddle.Length + 1, newMiddle.Length + 1];
        for (var i = oldMiddle.Length - 1; i >= 0; i--)
        {
            for (var j = newMiddle.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = oldMiddle[i] == newMiddle[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < oldMiddle.Length || y < newMiddle.Length)
        {
            if (x < oldMiddle.Length && y < newMiddle.Length && oldMiddle[x] == newMiddle[y])
            {
                x++;
                y++;
            }
            else if (x < oldMiddle.Length && (y == newMiddle.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                lines.Add("-" + oldMiddle[x++]);
                removed++;
            }
            else
            {
                lines.Add("+" + newMiddle[y++]);
                added++;
            }
        }

        return new LineDiff(added, removed, lines);
    }
}
