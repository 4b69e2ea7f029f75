namespace GenieObservability;

/// <summary>
/// The engine's workspace session as a <see cref="GenieContext"/> holds it (credential, API clients). Contracts cannot
/// name engine types, so the context holds it through this interface; only the cmdlets' context base casts it back.
/// </summary>
internal interface IContextWorkspace : IDisposable
{
    Uri Host { get; }
}
