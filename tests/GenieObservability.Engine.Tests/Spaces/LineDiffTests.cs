using GenieObservability.Engine.Spaces.Content;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class LineDiffTests
{
    [Fact]
    public void Reports_removed_then_added_lines()
    {
        var diff = LineDiff.Compute("a\nb\nc\nd\n", "a\nB\nc\nd\ne\n");

        Assert.Equal(["-b", "+B", "+e"], diff.Lines);
        Assert.Equal(2, diff.Added);
        Assert.Equal(1, diff.Removed);
    }

    [Fact]
    public void Identical_text_has_no_changes()
    {
        Assert.Empty(LineDiff.Compute("x\ny\n", "x\ny\n").Lines);
    }
}
