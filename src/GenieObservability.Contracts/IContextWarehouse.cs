namespace GenieObservability;

/// <summary>
/// The engine's warehouse settings as a <see cref="GenieContext"/> holds them (what Connect-GenieWarehouse chose).
/// Contracts cannot name engine types, so the context holds them through this interface; only the cmdlets' context
/// base casts them back.
/// </summary>
internal interface IContextWarehouse
{
    /// <summary>The warehouse as shown to users, never with a secret.</summary>
    string Display { get; }
}
