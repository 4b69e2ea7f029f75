using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;

namespace GenieObservability.Commands.Infrastructure;

/// <summary>
/// The current <see cref="GenieContext"/> of each runspace. Azure Automation can run several jobs in one process,
/// each in its own runspace, so the connection is never process-wide.
/// </summary>
internal static class ContextStore
{
    private static readonly ConditionalWeakTable<Runspace, Holder> Contexts = new();

    public static GenieContext? Current
    {
        get => Runspace.DefaultRunspace is { } runspace && Contexts.TryGetValue(runspace, out var holder) ? holder.Context : null;
        set
        {
            var runspace = Runspace.DefaultRunspace ?? throw new InvalidOperationException("No runspace is active on this thread.");
            Contexts.GetOrCreateValue(runspace).Context = value;
        }
    }

    private sealed class Holder
    {
        public GenieContext? Context { get; set; }
    }
}
