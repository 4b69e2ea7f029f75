using System.Management.Automation;
using GenieObservability.Commands.Infrastructure;
using GenieObservability.Engine.Analytics;

namespace GenieObservability.Commands;

/// <summary>Stored questions, newest first, with their space, user, status, SQL and error (the questions query); streams.</summary>
[Cmdlet(VerbsCommon.Get, "GenieQuestion")]
[OutputType(typeof(GenieQuestion))]
public sealed class GetGenieQuestionCommand : GenieContextCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("space_id")]
    [ValidateNotNull]
    public string[] SpaceId { get; set; } = [];

    [Parameter]
    [ValidateNotNull]
    public string[] WorkspaceId { get; set; } = [];

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? User { get; set; }

    [Parameter]
    [ValidateNotNull]
    public string[] Status { get; set; } = [];

    [Parameter]
    public SwitchParameter Unanswered { get; set; }

    [Parameter]
    public DateTime? Since { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Search { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    private readonly List<string> _spaces = [];

    protected override void ProcessRecord() => _spaces.AddRange(SpaceId);

    protected override void EndProcessing()
    {
        var query = new QuestionQuery
        {
            WorkspaceIds = WorkspaceId,
            SpaceIds = _spaces,
            User = User,
            Statuses = Status,
            UnansweredOnly = Unanswered,
            Since = Since is { } since ? new DateTimeOffset(since.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(since, DateTimeKind.Local) : since) : null,
            Search = Search,
            First = First,
        };
        WithWarehouse(query, async (warehouse, token) =>
        {
            await foreach (var question in new QuestionReader(new AnalyticsSource(warehouse)).ReadAsync(query, token).ConfigureAwait(false))
            {
                Emit(question);
            }
        });
    }
}
