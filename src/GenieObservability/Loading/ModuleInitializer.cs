using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace GenieObservability.Commands.Loading;

/// <summary>
/// Runs on Import-Module (once per runspace). Installs, once per process, the resolver that sends the engine
/// assembly to <see cref="ModuleLoadContext"/>; everything the engine needs is then resolved inside that context.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private const string EngineAssemblyName = "GenieObservability.Engine";
    private static readonly object Gate = new();
    private static ModuleLoadContext? s_context;

    public void OnImport()
    {
        lock (Gate)
        {
            if (s_context is not null)
            {
                return;
            }

            var moduleDirectory = Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;
            var dependencies = Path.Combine(moduleDirectory, "dependencies");
            if (!Directory.Exists(dependencies))
            {
                // Loaded from a build folder (tests, the IDE): the engine sits beside us and normal probing finds it.
                return;
            }

            s_context = new ModuleLoadContext(dependencies);
            AssemblyLoadContext.Default.Resolving += ResolveEngine;
        }
    }

    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        // Only ever answer for the engine, and only through the module context: Assembly.Load here would recurse.
        if (!string.Equals(name.Name, EngineAssemblyName, StringComparison.Ordinal) || s_context is null)
        {
            return null;
        }

        return s_context.LoadFromAssemblyName(name);
    }
}
