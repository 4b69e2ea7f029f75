using GenieObservability.Engine.Auth;

namespace GenieObservability.Engine;

/// <summary>
/// A connection to Databricks: the workspace the user connected to, and the credential, which also serves any other
/// workspace URL the audit log names (one token per workspace for Databricks OAuth).
/// </summary>
public sealed class WorkspaceSession : IDisposable
{
    public WorkspaceSession(Uri host, ITokenProvider tokens)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(tokens);
        Host = host;
        Tokens = tokens;
    }

    public Uri Host { get; }

    public ITokenProvider Tokens { get; }

    public void Dispose() => (Tokens as IDisposable)?.Dispose();
}
