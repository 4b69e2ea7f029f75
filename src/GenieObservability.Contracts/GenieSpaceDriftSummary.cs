namespace GenieObservability;

/// <summary>Counts of one Compare-GenieSpaceBackup run (Information stream, tag GenieSpaceDriftSummary).</summary>
public sealed class GenieSpaceDriftSummary
{
    public int InSync { get; set; }

    public int Changed { get; set; }

    public int MissingLive { get; set; }

    public int MissingBackup { get; set; }

    public int Unknown { get; set; }

    /// <summary>Spaces that are not InSync.</summary>
    public int Drifted => Changed + MissingLive + MissingBackup + Unknown;

    public override string ToString() =>
        $"{InSync} in sync, {Changed} changed, {MissingLive} missing live, {MissingBackup} missing a backup, {Unknown} unknown";
}
