using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace GenieObservability.Emulator;

/// <summary>
/// A JWT sent as client_assertion: signed by the app's own certificate (iss = sub = client id, aud = the token
/// endpoint; RS256 with x5t or PS256 with x5t#S256, as MSAL signs) or a federated token from another issuer
/// (workload identity). Parses and checks what Entra checks; never trusts an unverified claim.
/// </summary>
internal sealed class ClientAssertion
{
    private readonly byte[] _signingInput;
    private readonly byte[] _signature;

    private ClientAssertion(JsonElement header, JsonElement payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        _signingInput = signingInput;
        _signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Payload { get; }

    public string? Issuer => Text(Payload, "iss");

    public string? Subject => Text(Payload, "sub");

    public IReadOnlyList<string> Audiences => Payload.TryGetProperty("aud", out var aud)
        ? aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Select(a => a.GetString() ?? string.Empty)] : [aud.GetString() ?? string.Empty]
        : [];

    public static ClientAssertion? TryParse(string jwt)
    {
        var parts = jwt.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonDocument.Parse(Decode(parts[0])).RootElement.Clone();
            var payload = JsonDocument.Parse(Decode(parts[1])).RootElement.Clone();
            return new ClientAssertion(header, payload, Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Decode(parts[2]));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>True when now lies within nbf..exp (numbers or, as MSAL writes them, numeric strings), with 5 minutes of skew.</summary>
    public bool IsCurrent(DateTimeOffset now)
    {
        var skew = TimeSpan.FromMinutes(5);
        return Seconds("exp") is { } exp && DateTimeOffset.FromUnixTimeSeconds(exp) + skew > now
            && (Seconds("nbf") is not { } nbf || DateTimeOffset.FromUnixTimeSeconds(nbf) - skew <= now);
    }

    /// <summary>The registered certificate the header's x5t (SHA-1) or x5t#S256 names, if any.</summary>
    public X509Certificate2? FindCertificate(IEnumerable<X509Certificate2> registered) =>
        registered.FirstOrDefault(c =>
            Text(Header, "x5t#S256") == Encode(c.GetCertHash(HashAlgorithmName.SHA256))
            || Text(Header, "x5t") == Encode(c.GetCertHash()));

    public bool IsSignedBy(RSA key) => Text(Header, "alg") switch
    {
        "RS256" => key.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        "PS256" => key.VerifyData(_signingInput, _signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
        _ => false,
    };

    private long? Seconds(string name) =>
        Payload.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number ? value.GetInt64()
            : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed
            : null
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Decode(string part)
    {
        var text = part.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
