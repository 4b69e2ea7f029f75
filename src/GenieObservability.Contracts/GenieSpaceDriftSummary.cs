namespace GenieObservability;

/// <summary>Counts of one Compare-GenieSpaceBackup run (Information stream, tag GenieSpaceDriftSummary).</summary>
public sealed class GenieSpaceDriftSummary
{
    public int InSync { get; set; }

    public int Changed { get; set; }

    public int MissingLive { get; set; }

    public int MissingBackup { get; set; }

    public int Unknown { get; set; }

    /// <summary>Counts one compared space.</summary>
    public void Add(GenieSpaceDrift drift)
    {
        ArgumentNullException.ThrowIfNull(drift);
        switch (drift.Status)
        {
            case GenieSpaceDriftStatus.InSync:
                InSync++;
                break;
            case GenieSpaceDriftStatus.Changed:
                Changed++;
                break;
            case GenieSpaceDriftStatus.MissingLive:
                MissingLive++;
                break;
            case GenieSpaceDriftStatus.MissingBackup:
                MissingBackup++;
                break;
            default:
                Unknown++;
                break;
        }
    }

    /// <summary>Spaces that are not InSync.</summary>
    public int Drifted => Changed + MissingLive + MissingBackup + Unknown;

    public override string ToString() =>
        $"{InSync} in sync, {Changed} changed, {MissingLive} missing live, {MissingBackup} missing a backup, {Unknown} unknown";
}
