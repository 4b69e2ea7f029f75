namespace GenieObservability.Emulator;

/// <summary>How an emulator starts: port (0 = any free one), optional seed file, and the defaults of its knobs.</summary>
public sealed class EmulatorOptions
{
    public int Port { get; set; }

    /// <summary>A JSON seed (see <see cref="SeedData"/>) to load at start.</summary>
    public string? SeedPath { get; set; }

    public bool ExitOnStdinClose { get; set; } = true;

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
                case "--no-stdin-exit":
                    options.ExitOnStdinClose = false;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'. Use --port N, --seed FILE, --no-stdin-exit.");
            }
        }

        return options;
    }
}
