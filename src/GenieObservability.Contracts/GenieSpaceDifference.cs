namespace GenieObservability;

/// <summary>
/// One difference between a live space and its backup, in the terms of the space editor: what (Aspect), which item
/// (a table, an instruction...), how (Added, Removed or Changed), and the text before (backup) and after (live).
/// </summary>
public sealed class GenieSpaceDifference
{
    public GenieSpaceAspect Aspect { get; set; }

    /// <summary>Which item: a table identifier, an instruction id, a JSON path for Other; null for the space's own fields.</summary>
    public string? Item { get; set; }

    public GenieSpaceChange Change { get; set; }

    /// <summary>The backup's value.</summary>
    public string? Before { get; set; }

    /// <summary>The live value.</summary>
    public string? After { get; set; }

    public override string ToString() => $"{Aspect}{(Item is null ? string.Empty : " " + Item)} {Change}";
}
