using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;

namespace GenieObservability.Commands;

/// <summary>Shows what this runspace is connected to (never a secret).</summary>
[Cmdlet(VerbsCommon.Get, "GenieContext")]
[OutputType(typeof(GenieContext))]
public sealed class GetGenieContextCommand : GenieCmdlet
{
    protected override void EndProcessing()
    {
        if (ContextStore.Current is { } context)
        {
            WriteObject(context);
        }
    }
}
