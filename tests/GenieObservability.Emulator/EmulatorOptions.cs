using System.Security.Cryptography.X509Certificates;

namespace GenieObservability.Emulator;

/// <summary>How an emulator starts: port (0 = any free one), optional seed file, optional TLS certificate, and the defaults of its knobs.</summary>
public sealed class EmulatorOptions
{
    public int Port { get; set; }

    /// <summary>A JSON seed (see <see cref="SeedData"/>) to load at start.</summary>
    public string? SeedPath { get; set; }

    public bool ExitOnStdinClose { get; set; } = true;

    /// <summary>
    /// When set, the emulator also listens with TLS on a second loopback port (<see cref="WorkspaceEmulator.TlsBaseAddress"/>)
    /// with this certificate, which the test creates and trusts; Entra clients (MSAL) only accept https authorities.
    /// </summary>
    public X509Certificate2? TlsCertificate { get; set; }

    /// <summary>Rate limits the workspace starts with (more, and rate changes, through /_emulator/rate-limits).</summary>
    public IList<RateLimitRule> RateLimits { get; } = [];

    public static EmulatorOptions FromCommandLine(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port":
                    options.Port = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    options.SeedPath = args[++i];
                    break;
                case "--tls-cert":
                    options.TlsCertificate = X509CertificateLoader.LoadPkcs12FromFile(args[++i], null);
                    break;
                case "--no-stdin-exit":
                    options.ExitOnStdinClose = false;
                    break;
                case "--rate-limit":
                    options.RateLimits.Add(ParseRateLimit(args[++i]));
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Use --port N, --seed FILE, --tls-cert PFX, --no-stdin-exit, --rate-limit RPS[:PATH_REGEX].");
            }
        }

        return options;
    }

    /// <summary>"40" limits every /api request to 40 per second; "40:^/api/2.0/genie/" only the paths the expression matches.</summary>
    private static RateLimitRule ParseRateLimit(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var rule = new RateLimitRule { RequestsPerSecond = double.Parse(colon < 0 ? value : value[..colon], System.Globalization.CultureInfo.InvariantCulture) };
        if (colon >= 0)
        {
            rule.PathPattern = value[(colon + 1)..];
        }

        return rule;
    }
}
