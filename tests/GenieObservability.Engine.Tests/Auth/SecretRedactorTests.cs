using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi", "abc.def-ghi")]
    [InlineData("Authorization: Basic c3A6c2VjcmV0", "c3A6c2VjcmV0")]
    [InlineData("""{"access_token":"emu-0123","token_type":"Bearer"}""", "emu-0123")]
    [InlineData("grant_type=client_credentials&client_secret=s3cr3t&scope=all-apis", "s3cr3t")]
    [InlineData("Driver=x;UID=token;PWD=dapi-like-pw;Host=h", "dapi-like-pw")]
    [InlineData("token dapi0123456789abcdef0123456789abcdef-2 used", "dapi0123456789abcdef0123456789abcdef")]
    [InlineData("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_part in text", "eyJzdWIiOiIxIn0")]
    public void Masks_credentials_it_recognises(string text, string secret)
    {
        var redacted = SecretRedactor.Redact(text);
        Assert.DoesNotContain(secret, redacted, StringComparison.Ordinal);
        Assert.Contains(SecretRedactor.Mask, redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Masks_known_secret_values_also_when_url_encoded()
    {
        var redacted = SecretRedactor.Redact("echo: my secret+value and my%20secret%2Bvalue", "my secret+value");
        Assert.Equal("echo: *** and ***", redacted);
    }

    [Fact]
    public void Leaves_ordinary_text_alone()
    {
        const string text = "The token endpoint answered HTTP 401 (invalid_client). Check the client id.";
        Assert.Equal(text, SecretRedactor.Redact(text, null, string.Empty, "abc"));
    }
}
