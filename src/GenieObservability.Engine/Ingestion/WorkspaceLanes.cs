using System.Collections.Concurrent;
using System.Globalization;
using GenieObservability.Engine.Auth;
using GenieObservability.Engine.Genie;
using GenieObservability.Engine.Http;

namespace GenieObservability.Engine.Ingestion;

/// <summary>
/// The workspaces of one run, one lane per host, created on first use. Each lane's client is bound to the run's
/// <see cref="RequestScope"/> for that host: the run's own -MaxRequestsPerSecond and the counts its summary reports.
/// </summary>
internal sealed class WorkspaceLanes(Func<Uri, IGenieClient> clients, ITokenProvider? tokens, double? maxRequestsPerSecond, TimeProvider time, CancellationToken runCancellation) : IDisposable
{
    private readonly ConcurrentDictionary<string, (WorkspaceLane Lane, RequestScope Scope)> _lanes = new(StringComparer.OrdinalIgnoreCase);

    public WorkspaceLane For(Uri workspaceUrl) => _lanes.GetOrAdd(workspaceUrl.GetLeftPart(UriPartial.Authority), _ =>
    {
        var scope = new RequestScope(maxRequestsPerSecond);
        return (new WorkspaceLane(workspaceUrl, clients(workspaceUrl).WithScope(scope), tokens, time, runCancellation), scope);
    }).Lane;

    public bool IsEmpty => _lanes.IsEmpty;

    public IEnumerable<WorkspaceLane> All => _lanes.Values.Select(pair => pair.Lane);

    public bool Contains(Uri workspaceUrl) => _lanes.ContainsKey(workspaceUrl.GetLeftPart(UriPartial.Authority));

    /// <summary>The client of a workspace for other calls of the run (space names), counted and capped with its fetches.</summary>
    public IGenieClient Client(Uri workspaceUrl) => For(workspaceUrl).Client;

    /// <summary>Per workspace, in URL order: requests, 429s, average and settled rate.</summary>
    public IReadOnlyList<WorkspaceRequestRate> Rates(TimeSpan elapsed) => _lanes
        .OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase)
        .Select(pair => new WorkspaceRequestRate
        {
            WorkspaceUrl = pair.Key,
            Requests = pair.Value.Scope.Requests,
            RateLimited = pair.Value.Scope.RateLimited,
            RequestsPerSecond = pair.Value.Scope.Requests / Math.Max(elapsed.TotalSeconds, 0.001),
            SettledRequestsPerSecond = pair.Value.Scope.Controller?.LearnedRequestsPerSecond is { } settled ? Math.Round(settled, 1) : null,
            MaxRequestsPerSecond = maxRequestsPerSecond,
        })
        .ToArray();

    /// <summary>One -Verbose line per workspace that was rate limited in this run.</summary>
    public static void ReportTo(IOperationLog log, IReadOnlyList<WorkspaceRequestRate> rates)
    {
        foreach (var rate in rates.Where(r => r.RateLimited > 0))
        {
            log.Verbose(string.Format(
                CultureInfo.InvariantCulture,
                "{0} answered {1} of {2} requests with 429; its requests were paced at {3:0.#}/s when it last did.",
                rate.WorkspaceUrl,
                rate.RateLimited,
                rate.Requests,
                rate.SettledRequestsPerSecond));
        }
    }

    public void Dispose()
    {
        foreach (var lane in All)
        {
            lane.Dispose();
        }
    }
}
