using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>GET /api/2.0/preview/scim/v2/Me: the SCIM user every token of the emulator acts as.</summary>
internal static class CurrentUserRoutes
{
    public static void Map(WebApplication app, EmulatorState state)
    {
        app.MapGet("/api/2.0/preview/scim/v2/Me", (HttpContext context) => EmulatorJson.SendAsync(context, new JsonObject
        {
            ["schemas"] = new JsonArray("urn:ietf:params:scim:schemas:core:2.0:User"),
            ["id"] = "1000000000000001",
            ["userName"] = state.CurrentUser,
            ["displayName"] = state.CurrentUser.Split('@')[0],
            ["active"] = true,
            ["emails"] = new JsonArray(new JsonObject { ["value"] = state.CurrentUser, ["type"] = "work", ["primary"] = true }),
        }));
    }
}
