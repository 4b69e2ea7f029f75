using GenieObservability.Engine.Spaces.Publish;

namespace GenieObservability.Engine.Tests.Spaces;

public sealed class PublishMapTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "genie-map-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void Round_trips_and_keys_by_target_workspace()
    {
        var path = Path.Combine(_folder, PublishMap.DefaultFileName);
        var map = PublishMap.Load(path);
        map.Set(new Uri("https://PROD.example.com/"), "111", "src-b", "t2");
        map.Set(new Uri("https://prod.example.com"), "111", "src-a", "t1");
        map.Set(new Uri("https://staging.example.com"), "111", "src-a", "s1");
        map.Save();

        var loaded = PublishMap.Load(path);

        Assert.Equal("t1", loaded.TargetFor(new Uri("https://prod.example.com/x"), "111", "src-a"));
        Assert.Equal("s1", loaded.TargetFor(new Uri("https://staging.example.com"), "111", "src-a"));
        Assert.Null(loaded.TargetFor(new Uri("https://prod.example.com"), "222", "src-a"));
        Assert.Equal(3, loaded.Count);
    }

    [Fact]
    public void The_file_is_deterministic_whatever_the_insertion_order()
    {
        var one = new PublishMap(Path.Combine(_folder, "one.json"));
        one.Set(new Uri("https://a.example.com"), "1", "x", "tx");
        one.Set(new Uri("https://a.example.com"), "1", "y", "ty");
        var two = new PublishMap(Path.Combine(_folder, "two.json"));
        two.Set(new Uri("https://a.example.com"), "1", "y", "ty");
        two.Set(new Uri("https://a.example.com"), "1", "x", "tx");

        Assert.Equal(one.ToText(), two.ToText());
        Assert.EndsWith("}\n", one.ToText(), StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_an_unchanged_map_keeps_the_file()
    {
        var path = Path.Combine(_folder, "map.json");
        var map = new PublishMap(path);
        map.Set(new Uri("https://a.example.com"), "1", "x", "tx");
        map.Save();
        var written = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        Assert.False(map.Set(new Uri("https://a.example.com"), "1", "x", "tx"));
        map.Save();

        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void A_file_that_is_not_a_map_is_a_clear_error()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "map.json");
        File.WriteAllText(path, "[1,2]");

        Assert.Equal("InvalidPublishMap", Assert.Throws<GenieObservabilityException>(() => PublishMap.Load(path)).ErrorId);
    }
}
