using GenieObservability.Engine.Spaces.Backup;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class BackupFileNameTests
{
    [Theory]
    [InlineData("Sales Analytics", "Sales_Analytics__s1.json")]
    [InlineData("../../etc/passwd", "etc_passwd__s1.json")]
    [InlineData("..\\..\\windows\\system32", "windows_system32__s1.json")]
    [InlineData("CON", "_CON__s1.json")]
    [InlineData("nul.txt", "_nul.txt__s1.json")]
    [InlineData("com1", "_com1__s1.json")]
    [InlineData("", "space__s1.json")]
    [InlineData(null, "space__s1.json")]
    [InlineData("...", "space__s1.json")]
    [InlineData("a:b*c?d\"e<f>g|h", "a_b_c_d_e_f_g_h__s1.json")]
    [InlineData("Über Umsätze – 2024", "Über_Umsätze_2024__s1.json")]
    [InlineData("a__b", "a_b__s1.json")]
    [InlineData("tab\there\nnewline\0nul", "tab_here_newline_nul__s1.json")]
    public void Titles_become_safe_names(string? title, string expected)
    {
        Assert.Equal(expected, BackupFileName.For(title, "s1"));
    }

    [Fact]
    public void Long_titles_are_cut()
    {
        var name = BackupFileName.For(new string('x', 500), "01f0aaaabbbbccccddddeeeeffff0000");

        Assert.Equal(BackupFileName.MaxTitleLength + "__01f0aaaabbbbccccddddeeeeffff0000.json".Length, name.Length);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("CON")]
    [InlineData("..")]
    public void The_path_always_stays_inside_the_folder(string title)
    {
        var folder = Path.Combine(Path.GetTempPath(), "genie-names");
        var path = BackupFileName.PathIn(folder, title, "../s1");

        Assert.Equal(Path.GetFullPath(folder), Path.GetDirectoryName(path));
        Assert.EndsWith("___s1.json", path, StringComparison.Ordinal);
    }
}
