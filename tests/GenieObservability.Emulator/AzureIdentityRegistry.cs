using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GenieObservability.Emulator;

/// <summary>
/// The Azure side of authentication: Entra applications (tenant, client id, secret) and the managed identities of the
/// machine the module runs on (system-assigned, user-assigned, and the Automation endpoint's secret header).
/// Seeded from the top-level "azure" key: { "apps": [{ "tenant", "clientId", "clientSecret" }],
/// "systemIdentity": "&lt;client id&gt;", "userIdentities": ["&lt;client id&gt;"], "identityHeader": "&lt;value&gt;" }.
/// </summary>
public sealed class AzureIdentityRegistry
{
    private readonly ConcurrentDictionary<(string Tenant, string ClientId), string> _apps = new();
    private readonly ConcurrentDictionary<string, byte> _userIdentities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The client id of the system-assigned identity; null when the machine has none.</summary>
    public string? SystemIdentity { get; set; }

    /// <summary>The value IDENTITY_HEADER must carry on the Automation/App Service endpoint.</summary>
    public string IdentityHeader { get; set; } = "emulator-identity-header";

    public void AddApp(string tenant, string clientId, string clientSecret) => _apps[(tenant.ToLowerInvariant(), clientId.ToLowerInvariant())] = clientSecret;

    public void AddUserIdentity(string clientId) => _userIdentities[clientId] = 0;

    public bool IsTenant(string tenant) => _apps.Keys.Any(k => string.Equals(k.Tenant, tenant, StringComparison.OrdinalIgnoreCase));

    public bool IsApp(string tenant, string clientId) => _apps.ContainsKey((tenant.ToLowerInvariant(), clientId.ToLowerInvariant()));

    public bool IsAppSecret(string tenant, string clientId, string clientSecret) =>
        _apps.TryGetValue((tenant.ToLowerInvariant(), clientId.ToLowerInvariant()), out var secret)
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
                AddApp(app.GetProperty("tenant").GetString()!, app.GetProperty("clientId").GetString()!, app.GetProperty("clientSecret").GetString()!);
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
}
