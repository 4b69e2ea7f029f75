using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GenieObservability.Emulator;

/// <summary>
/// A local Databricks workspace on 127.0.0.1 (real Kestrel, real HTTP). Tests start one per class or per test, seed it,
/// inject faults through <see cref="State"/> (in-process) or the /_emulator control routes (from another process),
/// and assert on the request log.
/// </summary>
public sealed class WorkspaceEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WorkspaceEmulator(WebApplication app, EmulatorState state, Uri baseAddress, Uri? tlsBaseAddress)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
        TlsBaseAddress = tlsBaseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The https address when started with <see cref="EmulatorOptions.TlsCertificate"/>; the same routes and state as <see cref="BaseAddress"/>.</summary>
    public Uri? TlsBaseAddress { get; }

    public EmulatorState State { get; }

    public static async Task<WorkspaceEmulator> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            if (options.TlsCertificate is { } certificate)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            }
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
        });
        var state = new EmulatorState();
        foreach (var limit in options.RateLimits)
        {
            state.RateLimits.Add(limit);
        }

        builder.Services.AddSingleton(state);
        var app = builder.Build();

        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<FaultInjectionMiddleware>();
        app.UseMiddleware<BearerAuthenticationMiddleware>();
        ControlRoutes.Map(app, state);
        foreach (var map in RouteModules)
        {
            map(app, state);
        }

        if (options.SeedPath is not null)
        {
            state.LoadSeedFile(options.SeedPath);
        }

        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"))
            .ToList();
        return new WorkspaceEmulator(app, state, addresses.First(a => a.Scheme == Uri.UriSchemeHttp), addresses.FirstOrDefault(a => a.Scheme == Uri.UriSchemeHttps));
    }

    // Each API area of the workspace registers its routes here.
    private static readonly Action<WebApplication, EmulatorState>[] RouteModules =
    [
        OidcRoutes.Map,
        SqlWarehouseRoutes.Map,
        GenieRoutes.Map,
        GenieFeedbackRoutes.Map,
        GenieEvalRoutes.Map,
        StatementRoutes.Map,
        QueryHistoryRoutes.Map,
        EntraRoutes.Map,
        ManagedIdentityRoutes.Map,
        PipelineRoutes.Map,
        WorkspaceRoutes.Map,
        UnityCatalogRoutes.Map,
        CurrentUserRoutes.Map,
    ];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        State.Dispose();
    }
}
