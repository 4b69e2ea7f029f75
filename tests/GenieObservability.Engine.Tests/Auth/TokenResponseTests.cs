using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine.Tests.Auth;

public sealed class TokenResponseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("""{"access_token":"t","expires_in":3600}""", 3600)]
    [InlineData("""{"access_token":"t","expires_in":"86399"}""", 86399)]
    [InlineData("""{"access_token":"t","expires_on":1795698000}""", 1795698000 - 1795694400)]
    [InlineData("""{"access_token":"t","expires_on":"1795698000"}""", 1795698000 - 1795694400)]
    [InlineData("""{"access_token":"t","expires_on":"11/26/2026 13:00:00 +00:00"}""", 3600)]
    [InlineData("""{"access_token":"t","expires_in":"120","expires_on":"1795698000"}""", 120)]
    [InlineData("""{"access_token":"t"}""", 3600)]
    public void Reads_expiry_as_number_or_string_in_either_field(string body, int expectedSeconds)
    {
        Assert.Equal(1795694400, Now.ToUnixTimeSeconds());
        Assert.True(TokenResponse.TryParse(body, Now, out var token));
        Assert.Equal(Now.AddSeconds(expectedSeconds), token!.ExpiresOn);
        Assert.Equal("t", token.Value);
    }

    [Theory]
    [InlineData("<html><body>Sign in</body></html>")]
    [InlineData("""{"token_type":"Bearer"}""")]
    [InlineData("""{"access_token":""}""")]
    [InlineData("[]")]
    public void Rejects_bodies_without_an_access_token(string body)
    {
        Assert.False(TokenResponse.TryParse(body, Now, out _));
    }

    [Fact]
    public void Describes_oauth_and_databricks_error_bodies_by_their_first_line()
    {
        Assert.Equal("invalid_client: AADSTS7000215: Invalid client secret provided.", TokenResponse.DescribeError("{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\\r\\nTrace ID: x\"}"));
        Assert.Equal("UNAUTHENTICATED: bad", TokenResponse.DescribeError("""{"error_code":"UNAUTHENTICATED","message":"bad"}"""));
        Assert.Null(TokenResponse.DescribeError("<html/>"));
    }

    [Fact]
    public void A_token_never_shows_its_value_when_printed()
    {
        var token = new BearerToken("secret-token-value", Now);
        Assert.DoesNotContain("secret-token-value", token.ToString(), StringComparison.Ordinal);
    }
}
