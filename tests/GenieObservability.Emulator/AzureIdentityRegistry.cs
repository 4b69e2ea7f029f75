using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace GenieObservability.Emulator;

/// <summary>
/// The Azure side of authentication: Entra applications (tenant, client id, and any of a secret, certificates and
/// federated identity credentials) and the managed identities of the machine the module runs on (system-assigned,
/// user-assigned, and the Automation endpoint's secret header). Seeded from the top-level "azure" key:
/// { "apps": [{ "tenant", "clientId", "clientSecret", "certificates": ["&lt;base64 DER&gt;"],
///   "federated": [{ "issuer", "subject", "audience", "publicKeyPem" }] }],
///   "systemIdentity": "&lt;client id&gt;", "userIdentities": ["&lt;client id&gt;"], "identityHeader": "&lt;value&gt;" }.
/// </summary>
public sealed class AzureIdentityRegistry
{
    /// <summary>The audience Entra requires of a federated token (workload identity).</summary>
    public const string TokenExchangeAudience = "api://AzureADTokenExchange";

    private readonly ConcurrentDictionary<(string Tenant, string ClientId), EntraApp> _apps = new();
    private readonly ConcurrentDictionary<string, byte> _userIdentities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every token Entra issued, with how the client proved itself (the request log keeps no token-request bodies).</summary>
    public ConcurrentQueue<EntraGrant> Grants { get; } = new();

    /// <summary>The client id of the system-assigned identity; null when the machine has none.</summary>
    public string? SystemIdentity { get; set; }

    /// <summary>The value IDENTITY_HEADER must carry on the Automation/App Service endpoint.</summary>
    public string IdentityHeader { get; set; } = "emulator-identity-header";

    public void AddApp(string tenant, string clientId, string clientSecret) => App(tenant, clientId).Secret = clientSecret;

    /// <summary>Registers a certificate's public part, as uploaded to an app registration's "Certificates & secrets".</summary>
    public void AddAppCertificate(string tenant, string clientId, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        App(tenant, clientId).Certificates.Add(X509CertificateLoader.LoadCertificate(certificate.RawData));
    }

    /// <summary>Registers a federated identity credential: tokens from <paramref name="issuer"/> for <paramref name="subject"/>, signed by <paramref name="signingKey"/>.</summary>
    public void AddFederatedCredential(string tenant, string clientId, string issuer, string subject, RSA signingKey, string audience = TokenExchangeAudience)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        var key = RSA.Create();
        key.ImportSubjectPublicKeyInfo(signingKey.ExportSubjectPublicKeyInfo(), out _);
        App(tenant, clientId).Federated.Add(new FederatedCredential(issuer, subject, audience, key));
    }

    public void AddUserIdentity(string clientId) => _userIdentities[clientId] = 0;

    public bool IsTenant(string tenant) => _apps.Keys.Any(k => string.Equals(k.Tenant, tenant, StringComparison.OrdinalIgnoreCase));

    public EntraApp? FindApp(string tenant, string clientId) => _apps.TryGetValue(Key(tenant, clientId), out var app) ? app : null;

    public bool IsAppSecret(string tenant, string clientId, string clientSecret) =>
        FindApp(tenant, clientId)?.Secret is { } secret
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(clientSecret));

    /// <summary>The identity a managed-identity request names: the user-assigned one for a client id, else the system one; null when absent.</summary>
    public string? ResolveIdentity(string? clientId) =>
        string.IsNullOrEmpty(clientId) ? SystemIdentity : _userIdentities.ContainsKey(clientId) ? clientId : null;

    public void LoadSeed(JsonElement seed)
    {
        if (!seed.TryGetProperty("azure", out var azure))
        {
            return;
        }

        if (azure.TryGetProperty("apps", out var apps))
        {
            foreach (var app in apps.EnumerateArray())
            {
                LoadApp(app);
            }
        }

        if (azure.TryGetProperty("systemIdentity", out var system))
        {
            SystemIdentity = system.ValueKind == JsonValueKind.String ? system.GetString() : null;
        }

        if (azure.TryGetProperty("userIdentities", out var users))
        {
            foreach (var user in users.EnumerateArray())
            {
                AddUserIdentity(user.GetString()!);
            }
        }

        if (azure.TryGetProperty("identityHeader", out var header))
        {
            IdentityHeader = header.GetString()!;
        }
    }

    private void LoadApp(JsonElement app)
    {
        var tenant = app.GetProperty("tenant").GetString()!;
        var clientId = app.GetProperty("clientId").GetString()!;
        var entry = App(tenant, clientId);
        if (app.TryGetProperty("clientSecret", out var secret) && secret.ValueKind == JsonValueKind.String)
        {
            entry.Secret = secret.GetString();
        }

        if (app.TryGetProperty("certificates", out var certificates))
        {
            foreach (var certificate in certificates.EnumerateArray())
            {
                entry.Certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate.GetString()!)));
            }
        }

        if (app.TryGetProperty("federated", out var federated))
        {
            foreach (var credential in federated.EnumerateArray())
            {
                var key = RSA.Create();
                key.ImportFromPem(credential.GetProperty("publicKeyPem").GetString());
                var audience = credential.TryGetProperty("audience", out var a) ? a.GetString()! : TokenExchangeAudience;
                entry.Federated.Add(new FederatedCredential(credential.GetProperty("issuer").GetString()!, credential.GetProperty("subject").GetString()!, audience, key));
            }
        }
    }

    private EntraApp App(string tenant, string clientId) => _apps.GetOrAdd(Key(tenant, clientId), _ => new EntraApp());

    private static (string, string) Key(string tenant, string clientId) => (tenant.ToLowerInvariant(), clientId.ToLowerInvariant());

    /// <summary>An app registration's credentials.</summary>
    public sealed class EntraApp
    {
        public string? Secret { get; set; }

        public ConcurrentBag<X509Certificate2> Certificates { get; } = [];

        public ConcurrentBag<FederatedCredential> Federated { get; } = [];
    }

    /// <summary>One issued Entra token: for which app, proven by "secret", "certificate" or "federated", for which scope (v2) or resource (v1).</summary>
    public sealed record EntraGrant(string Tenant, string ClientId, string Proof, string Audience);

    /// <summary>A federated identity credential: which external tokens the app accepts, and the key their issuer signs with.</summary>
    public sealed record FederatedCredential(string Issuer, string Subject, string Audience, RSA SigningKey);
}
