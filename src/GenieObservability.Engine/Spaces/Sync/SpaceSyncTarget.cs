namespace GenieObservability.Engine.Spaces.Sync;

/// <summary>One space to sync: the workspace it lives in (id and URL) and its id.</summary>
public sealed record SpaceSyncTarget(string WorkspaceId, Uri? WorkspaceUrl, string SpaceId)
{
    /// <summary>
    /// The workspace id for a space known only by its host (e.g. from Get-GenieSpace): the number of an Azure
    /// <c>adb-&lt;id&gt;.&lt;n&gt;.azuredatabricks.net</c> host, else the host name itself.
    /// </summary>
    public static string WorkspaceIdFromHost(Uri host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var name = host.Host.ToLowerInvariant();
        if (name.StartsWith("adb-", StringComparison.Ordinal))
        {
            var digits = new string(name.AsSpan(4).ToArray().TakeWhile(char.IsAsciiDigit).ToArray());
            if (digits.Length > 0)
            {
                return digits;
            }
        }

        return host.IsDefaultPort ? name : $"{name}:{host.Port}";
    }
}
