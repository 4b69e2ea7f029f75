using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class HostUrlTests
{
    [Theory]
    [InlineData("https://adb-123.4.azuredatabricks.net", "https://adb-123.4.azuredatabricks.net/")]
    [InlineData("https://ADB-123.4.azuredatabricks.net/", "https://adb-123.4.azuredatabricks.net/")]
    [InlineData("  https://dbc-1.cloud.databricks.com:8443/ ", "https://dbc-1.cloud.databricks.com:8443/")]
    [InlineData("adb-123.4.azuredatabricks.net", "https://adb-123.4.azuredatabricks.net/")]
    [InlineData("http://127.0.0.1:5001", "http://127.0.0.1:5001/")]
    [InlineData("http://127.8.9.10:80/", "http://127.8.9.10/")]
    [InlineData("http://localhost:1234", "http://localhost:1234/")]
    [InlineData("http://[::1]:1234", "http://[::1]:1234/")]
    public void Normalises_to_scheme_host_and_port(string input, string expected)
    {
        Assert.Equal(expected, HostUrl.Normalize(input).ToString());
    }

    [Theory]
    [InlineData("http://adb-123.4.azuredatabricks.net")]
    [InlineData("http://10.0.0.5:8080")]
    [InlineData("http://128.0.0.1")]
    [InlineData("http://localhost.evil.example")]
    public void Refuses_plain_http_to_anything_but_loopback(string input)
    {
        var error = Assert.Throws<GenieObservabilityException>(() => HostUrl.Normalize(input));
        Assert.Equal("GenieInsecureHost", error.ErrorId);
        Assert.Equal(GenieErrorCategory.SecurityError, error.Category);
        Assert.Contains("https://", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://adb-1.azuredatabricks.net")]
    [InlineData("https://adb-1.azuredatabricks.net/api/2.0")]
    [InlineData("https://adb-1.azuredatabricks.net/?o=123")]
    [InlineData("https://user:pw@adb-1.azuredatabricks.net")]
    [InlineData("https://adb-1.azuredatabricks.net/#x")]
    public void Rejects_malformed_urls_and_paths(string input)
    {
        var error = Assert.Throws<GenieObservabilityException>(() => HostUrl.Normalize(input));
        Assert.Equal("GenieHostInvalid", error.ErrorId);
        Assert.DoesNotContain("pw@", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Rejects_an_empty_host(string? input)
    {
        Assert.Equal("GenieHostMissing", Assert.Throws<GenieObservabilityException>(() => HostUrl.Normalize(input)).ErrorId);
    }
}
