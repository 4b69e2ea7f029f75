using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>/api routes need "Authorization: Bearer &lt;token&gt;" with a token the registry accepts; otherwise 401 as Databricks answers.</summary>
internal sealed class BearerAuthenticationMiddleware(RequestDelegate next, EmulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal) || !state.Tokens.RequireAuthentication)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            await DatabricksErrors.WriteAsync(context, 401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.").ConfigureAwait(false);
            return;
        }

        if (!state.Tokens.Validate(header["Bearer ".Length..]))
        {
            await DatabricksErrors.WriteAsync(context, 401, "UNAUTHENTICATED", "Invalid access token.").ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }
}
