using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace GenieObservability.Commands.Loading;

/// <summary>
/// The load context for the engine and its dependencies, over the module's dependencies/ folder. pwsh ships some of
/// the same packages at other versions (System.Data.Odbc 10.0.0.14 in 7.6.9); loading ours here keeps both apart.
/// Non-collectible: the cmdlet assembly references the engine, and a collectible context cannot be referenced.
/// </summary>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    // Types that cross into PowerShell must be the same type on both sides, so these always come from the default context.
    private static readonly HashSet<string> SharedAssemblies = new(StringComparer.OrdinalIgnoreCase)
    {
        "GenieObservability.Contracts",
        "System.Management.Automation",
    };

    private readonly string _dependencyDirectory;
    private readonly string[] _managedProbeDirectories;
    private readonly string[] _nativeProbeDirectories;
    private readonly Dictionary<string, IntPtr> _nativeHandles = new(StringComparer.Ordinal);
    private readonly object _nativeLock = new();

    public ModuleLoadContext(string dependencyDirectory)
        : base("GenieObservability.Engine", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
        _managedProbeDirectories = ManagedProbeDirectories(dependencyDirectory).Where(Directory.Exists).ToArray();
        _nativeProbeDirectories = NativeProbeDirectories(dependencyDirectory).Where(Directory.Exists).ToArray();
    }

    public string DependencyDirectory => _dependencyDirectory;

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || SharedAssemblies.Contains(assemblyName.Name))
        {
            return null;
        }

        foreach (var directory in _managedProbeDirectories)
        {
            var candidate = Path.Combine(directory, assemblyName.Name + ".dll");
            if (File.Exists(candidate))
            {
                return LoadFromAssemblyPath(candidate);
            }
        }

        return null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // Called once per P/Invoke stub; cache the handle so each library is loaded and probed once.
        lock (_nativeLock)
        {
            if (_nativeHandles.TryGetValue(unmanagedDllName, out var cached))
            {
                return cached;
            }

            var handle = ProbeNative(unmanagedDllName);
            _nativeHandles[unmanagedDllName] = handle;
            return handle;
        }
    }

    private IntPtr ProbeNative(string name)
    {
        foreach (var directory in _nativeProbeDirectories)
        {
            foreach (var fileName in NativeFileNames(name))
            {
                var candidate = Path.Combine(directory, fileName);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                {
                    return handle;
                }
            }
        }

        // System libraries such as libodbc.so.2 come from the platform's search path.
        return NativeLibrary.TryLoad(name, out var systemHandle) ? systemHandle : IntPtr.Zero;
    }

    private static IEnumerable<string> NativeFileNames(string name)
    {
        yield return name;
        if (OperatingSystem.IsWindows())
        {
            yield return name + ".dll";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "lib" + name + ".dylib";
            yield return name + ".dylib";
        }
        else
        {
            yield return "lib" + name + ".so";
            yield return name + ".so";
        }
    }

    private static IEnumerable<string> ManagedProbeDirectories(string root)
    {
        var runtimeMajor = Environment.Version.Major;
        foreach (var rid in RuntimeIdentifierChain())
        {
            for (var major = runtimeMajor; major >= 6; major--)
            {
                yield return Path.Combine(root, "runtimes", rid, "lib", $"net{major}.0");
            }
        }

        yield return root;
    }

    private static IEnumerable<string> NativeProbeDirectories(string root)
    {
        foreach (var rid in RuntimeIdentifierChain())
        {
            yield return Path.Combine(root, "runtimes", rid, "native");
        }

        yield return root;
    }

    // Most specific first: linux-x64, linux, unix.
    private static IEnumerable<string> RuntimeIdentifierChain()
    {
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        if (OperatingSystem.IsWindows())
        {
            yield return "win-" + architecture;
            yield return "win";
        }
        else if (OperatingSystem.IsMacOS())
        {
            yield return "osx-" + architecture;
            yield return "osx";
            yield return "unix";
        }
        else
        {
            yield return "linux-" + architecture;
            yield return "linux";
            yield return "unix";
        }
    }
}
