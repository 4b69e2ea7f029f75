namespace GenieObservability;

/// <summary>What part of a space a <see cref="GenieSpaceDifference"/> is about, in the space editor's terms.</summary>
public enum GenieSpaceAspect
{
    Title,
    Description,
    Warehouse,
    Folder,
    Table,
    MetricView,
    Instruction,
    SampleQuestion,
    ExampleSql,
    SqlFunction,
    JoinSpec,
    SqlSnippet,
    Benchmark,

    /// <summary>Any other value of the configuration; Item is its JSON path.</summary>
    Other,
}
