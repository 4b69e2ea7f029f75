namespace GenieObservability.Engine.Auth;

/// <summary>An access token and when it stops working. <see cref="ToString"/> never shows the value.</summary>
public sealed class BearerToken
{
    public BearerToken(string value, DateTimeOffset expiresOn)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        Value = value;
        ExpiresOn = expiresOn;
    }

    public string Value { get; }

    public DateTimeOffset ExpiresOn { get; }

    public override string ToString() => $"BearerToken(expires {ExpiresOn:u})";
}
