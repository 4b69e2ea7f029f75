namespace GenieObservability.Engine.Analytics;

/// <summary>What Get-GenieQuestion asks for; empty lists and nulls mean "no filter".</summary>
public sealed record QuestionQuery
{
    public IReadOnlyList<string> WorkspaceIds { get; init; } = [];

    public IReadOnlyList<string> SpaceIds { get; init; } = [];

    /// <summary>An email (case-insensitive) or a user id.</summary>
    public string? User { get; init; }

    /// <summary>Genie statuses (COMPLETED, FAILED, ...).</summary>
    public IReadOnlyList<string> Statuses { get; init; } = [];

    /// <summary>Only questions not answered: failed, cancelled or still pending.</summary>
    public bool UnansweredOnly { get; init; }

    public DateTimeOffset? Since { get; init; }

    /// <summary>Text the question, its SQL or its error contains (case-insensitive, taken literally).</summary>
    public string? Search { get; init; }

    /// <summary>Most rows; null = all.</summary>
    public int? First { get; init; }
}
