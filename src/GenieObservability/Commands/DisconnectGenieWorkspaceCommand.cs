using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Forgets this runspace's connection and its cached tokens.</summary>
[Cmdlet(VerbsCommunications.Disconnect, "GenieWorkspace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(void))]
public sealed class DisconnectGenieWorkspaceCommand : GenieCmdlet
{
    protected override void EndProcessing()
    {
        var context = ContextStore.Current;
        if (context is null)
        {
            WriteVerbose("Not connected; nothing to disconnect.");
            return;
        }

        if (!ShouldProcess(context.Host?.ToString() ?? "embedded warehouse", "Disconnect"))
        {
            return;
        }

        ContextStore.Current = null;
        context.WorkspaceSession?.Dispose();
    }
}
