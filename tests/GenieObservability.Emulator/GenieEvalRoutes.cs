using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GenieObservability.Emulator;

/// <summary>
/// Evaluation runs of a Genie space (contract 2026 §4; databricks-sdk-go v0.175.0 service/dashboards impl.go):
/// POST/GET /spaces/{s}/eval-runs, GET /eval-runs/{r}, GET /eval-runs/{r}/results (paged, summary fields),
/// GET /eval-runs/{r}/results/{id} (details: assessment, reasons, responses); /_emulator/genie/eval-runs seeds runs.
/// </summary>
internal static class GenieEvalRoutes
{
    private const string Runs = "/api/2.0/genie/spaces/{spaceId}/eval-runs";

    public static void Map(WebApplication app, EmulatorState state)
    {
        var genie = state.Genie;
        var evaluations = state.GenieEvaluations;

        app.MapPost(Runs, async (HttpContext context, string spaceId) =>
        {
            using var body = await GenieRoutes.ReadObject(context).ConfigureAwait(false);
            if (body is null)
            {
                return;
            }

            if (genie.GetSpace(spaceId, false) is null)
            {
                await DatabricksErrors.NotFound(context, $"Space {spaceId}").ConfigureAwait(false);
                return;
            }

            var ids = body.RootElement.TryGetProperty("benchmark_question_ids", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
                : [];
            await GenieRoutes.WriteJson(context, genie, evaluations.Create(spaceId, ids)).ConfigureAwait(false);
        });

        app.MapGet(Runs, async (HttpContext context, string spaceId) =>
        {
            if (genie.GetSpace(spaceId, false) is null)
            {
                await DatabricksErrors.NotFound(context, $"Space {spaceId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WritePage(context, genie, "eval_runs", evaluations.ListRuns(spaceId)).ConfigureAwait(false);
        });

        app.MapGet(Runs + "/{evalRunId}", async (HttpContext context, string spaceId, string evalRunId) =>
        {
            if (evaluations.GetRun(spaceId, evalRunId) is not { } run)
            {
                await DatabricksErrors.NotFound(context, $"Evaluation run {evalRunId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WriteJson(context, genie, run).ConfigureAwait(false);
        });

        app.MapGet(Runs + "/{evalRunId}/results", async (HttpContext context, string spaceId, string evalRunId) =>
        {
            if (evaluations.ListResults(spaceId, evalRunId) is not { } results)
            {
                await DatabricksErrors.NotFound(context, $"Evaluation run {evalRunId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WritePage(context, genie, "eval_results", results).ConfigureAwait(false);
        });

        app.MapGet(Runs + "/{evalRunId}/results/{resultId}", async (HttpContext context, string spaceId, string evalRunId, string resultId) =>
        {
            if (evaluations.GetResult(spaceId, evalRunId, resultId) is not { } result)
            {
                await DatabricksErrors.NotFound(context, $"Evaluation result {resultId}").ConfigureAwait(false);
                return;
            }

            await GenieRoutes.WriteJson(context, genie, result).ConfigureAwait(false);
        });

        app.MapPost("/_emulator/genie/eval-runs", (HttpContext context) => GenieRoutes.Upsert(context, evaluations.Upsert));
    }
}
