@{
    Synopsis    = 'Syncs the evaluation (benchmark) runs of Genie spaces, with per-question GOOD/BAD/NEEDS_REVIEW results, into genie_space_eval_runs and genie_space_eval_results.'
    Description = @'
For each space, lists its evaluation runs (GET /api/2.0/genie/spaces/{id}/eval-runs, every page) and reads each run not already stored as finished: its results (GET .../eval-runs/{run}/results, every page) and each result's details (GET .../results/{result}) for the assessment (GOOD, BAD or NEEDS_REVIEW), the assessment reasons and the actual and expected responses. Runs are merged into genie_space_eval_runs keyed by workspace_id, space_id and eval_run_id; results into genie_space_eval_results keyed by workspace_id, space_id, eval_run_id and result_id. Nothing is duplicated when a run is read again.

Incremental: a run stored with is_finished = true (status DONE, EVALUATION_FAILED, EVALUATION_CANCELLED or EVALUATION_TIMEOUT, and every result read) is never read again; the next sync only lists the space's runs. A run still NOT_STARTED or RUNNING, or one whose results could not all be read, is stored with is_finished = false and read again by the next sync.

With no pipeline input, the spaces are every distinct (workspace, space) in the silver table genie_messages_to_fetch, or with -AllSpaces every space each workspace lists, narrowed by -WorkspaceId and -SpaceId (as Sync-GenieSpaceDetails). With pipeline input, the spaces are the piped objects' SpaceId (and WorkspaceId, WorkspaceUrl or WorkspaceHost) properties, for example from Get-GenieSpace.

A space whose runs cannot be listed (forbidden, not found, failed) is left as it was; such spaces and unreadable runs are counted in one warning per call, not reported one by one. The evaluation API is in Beta and may need CAN EDIT or CAN MANAGE on the space.

This is its own cmdlet, not a switch of Sync-GenieSpaceDetails: it writes other tables, is scheduled at its own pace (benchmarks run rarely), and its output (runs) is not a space configuration, so Sync-GenieSpaceDetails | Export-GenieSpaceBackup keeps working unchanged.

Emits one GenieSpaceEvaluationRun per run stored (Accuracy = NumCorrect / NumQuestions of a DONE run). The run summary is written to the Information stream with the tag GenieSpaceEvaluationSummary, and to Verbose. The latest accuracy per space shows in Get-GenieUsage -By Space and in the observability report.
'@
    Outputs     = 'One GenieSpaceEvaluationRun per run stored (new, still running, or not read completely before).'
    Parameters  = @{
        WorkspaceId   = 'Without pipeline input: only spaces of these workspaces. With pipeline input: the workspace id of the piped space (derived from the workspace URL when missing).'
        SpaceId       = 'Without pipeline input: only these spaces. With pipeline input: the piped space (property SpaceId or space_id).'
        WorkspaceUrl  = 'The workspace URL of a piped space (property WorkspaceUrl, workspace_url or WorkspaceHost); defaults to the connected workspace. The connection''s credential is used for every workspace.'
        AllSpaces     = 'Without pipeline input: every space each workspace lists (the list API, paged), idle ones included, plus every space genie_space_details knows that is not marked deleted, instead of only the spaces of the silver table.'
        ThrottleLimit = 'How many spaces are read at the same time (1-64, default 4).'
    }
    Examples    = @(
        @{
            Code    = 'Sync-GenieSpaceEvaluation -InformationVariable run; $run.MessageData'
            Remarks = 'Syncs the evaluation runs of every space that has messages in the silver table, then shows how many runs were stored and how many were skipped as already finished.'
        }
        @{
            Code    = 'Get-GenieSpace | Sync-GenieSpaceEvaluation | Where-Object Status -eq DONE | Sort-Object CreatedTimestamp | Format-Table SpaceId, CreatedTimestamp, Accuracy'
            Remarks = 'Syncs every space of the connected workspace and shows the accuracy of the finished runs stored by this call.'
        }
        @{
            Code    = 'Invoke-GenieSql "SELECT space_id, eval_run_id, assessment, count(*) AS n FROM genie_space_eval_results GROUP BY space_id, eval_run_id, assessment"'
            Remarks = 'Counts GOOD, BAD and NEEDS_REVIEW answers per run from the synced table.'
        }
    )
    Links       = @('Sync-GenieSpaceDetails', 'Get-GenieUsage', 'Export-GenieObservabilityReport')
}
