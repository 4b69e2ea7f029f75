namespace GenieObservability.Engine.Schema;

/// <summary>What installing did to one object.</summary>
public enum SchemaObjectStatus
{
    Exists,
    Created,

    /// <summary>Missing, and not created because the caller declined (-WhatIf, or No at a -Confirm prompt).</summary>
    NotCreated,

    /// <summary>An upgrade of existing rows, applied now.</summary>
    Applied,
}
