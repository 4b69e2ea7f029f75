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
            // Connected to a workspace only: the tables go to the default embedded file, so show where that is.
            if (context.WarehouseSession is null && context.WarehouseTarget is null)
            {
                context.WarehouseTarget = Engine.Warehouse.WarehouseSettings.DefaultDuckDbPath();
            }

            WriteObject(context);
        }
    }
}
