using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;

namespace GenieObservability.Emulator;

/// <summary>The credentials the workspace accepts: static PATs, OAuth clients, and the access tokens it issued (with lifetimes).</summary>
public sealed class TokenRegistry
{
    private readonly ConcurrentDictionary<string, byte> _staticTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IssuedToken> _issued = new(StringComparer.Ordinal);
    private int _issuedCount;

    /// <summary>Lifetime of issued tokens (expires_in); tests shorten it to force refreshes.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>When above 0, an issued token stops working after this many API requests (simulates expiry mid-run).</summary>
    public int MaxUsesPerToken { get; set; }

    /// <summary>When false, /api routes accept any request (benchmarks of other parts).</summary>
    public bool RequireAuthentication { get; set; } = true;

    public int IssuedCount => Volatile.Read(ref _issuedCount);

    public void AddStaticToken(string token) => _staticTokens[token] = 0;

    public void AddClient(string clientId, string clientSecret) => _clients[clientId] = clientSecret;

    public bool IsClient(string clientId, string clientSecret) =>
        _clients.TryGetValue(clientId, out var secret) && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(clientSecret));

    public IssuedToken Issue(string subject, string audience)
    {
        Interlocked.Increment(ref _issuedCount);
        var token = new IssuedToken(
            "emu-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            subject,
            audience,
            DateTimeOffset.UtcNow + TokenLifetime);
        _issued[token.AccessToken] = token;
        return token;
    }

    public void RevokeAll() => _issued.Clear();

    /// <summary>Checks a bearer token for one API request, counting its use.</summary>
    public bool Validate(string token)
    {
        if (_staticTokens.ContainsKey(token))
        {
            return true;
        }

        if (!_issued.TryGetValue(token, out var issued) || issued.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return false;
        }

        var uses = Interlocked.Increment(ref issued.Uses);
        return MaxUsesPerToken <= 0 || uses <= MaxUsesPerToken;
    }

    public void LoadSeed(JsonElement seed)
    {
        if (seed.TryGetProperty("tokens", out var tokens))
        {
            foreach (var token in tokens.EnumerateArray())
            {
                AddStaticToken(token.GetString()!);
            }
        }

        if (seed.TryGetProperty("clients", out var clients))
        {
            foreach (var client in clients.EnumerateObject())
            {
                AddClient(client.Name, client.Value.GetString()!);
            }
        }
    }
}

public sealed class IssuedToken(string accessToken, string subject, string audience, DateTimeOffset expiresAt)
{
    public string AccessToken { get; } = accessToken;

    public string Subject { get; } = subject;

    public string Audience { get; } = audience;

    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    internal int Uses;
}
