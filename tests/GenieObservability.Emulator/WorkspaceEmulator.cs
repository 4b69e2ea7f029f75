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

    private WorkspaceEmulator(WebApplication app, EmulatorState state, Uri baseAddress)
    {
        _app = app;
        State = state;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public EmulatorState State { get; }

    public static async Task<WorkspaceEmulator> StartAsync(EmulatorOptions? options = null)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.Limits.MaxRequestBodySize = 32 * 1024 * 1024;
        });
        var state = new EmulatorState();
        builder.Services.AddSingleton(state);
        var app = builder.Build();

        app.UseMiddleware<RequestLogMiddleware>();
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
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new WorkspaceEmulator(app, state, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
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
