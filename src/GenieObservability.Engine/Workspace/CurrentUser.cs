using System.Text.Json;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Workspace;

/// <summary>The identity the workspace credential acts as (SCIM Me).</summary>
public static class CurrentUser
{
    /// <summary>The user name: an e-mail address for a user, the application id for a service principal.</summary>
    public static async Task<string> UserNameAsync(DatabricksApiClient api, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(api);
        using var me = await api.GetAsync("/api/2.0/preview/scim/v2/Me", cancellationToken).ConfigureAwait(false);
        return me.RootElement.TryGetProperty("userName", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } userName
            ? userName
            : throw new GenieApiException(GenieApiErrorType.InvalidResponse, "The workspace did not say who the credential is (SCIM Me returned no userName).", method: "GET", path: "/api/2.0/preview/scim/v2/Me");
    }
}
