-- GenieObservability persisted tables for Databricks (Unity Catalog). The same DDL Install-GenieObservabilitySchema runs.
-- Change the catalog and schema (main.genie_analytics) to yours before running it by hand.

CREATE SCHEMA IF NOT EXISTS main.genie_analytics
COMMENT 'Genie observability: audit pipeline, message details, space backups and run history';

CREATE TABLE IF NOT EXISTS main.genie_analytics.message_details (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  workspace_name STRING COMMENT 'Workspace name.',
  workspace_url STRING COMMENT 'Workspace URL the message was fetched from.',
  space_id STRING COMMENT 'Genie space id.',
  space_name STRING COMMENT 'Genie space title.',
  conversation_id STRING COMMENT 'Genie conversation id.',
  message_id STRING COMMENT 'Genie message id.',
  user_id BIGINT COMMENT 'Id of the user who asked.',
  user_email STRING COMMENT 'Email of the user who asked (from the audit log).',
  content STRING COMMENT 'The question as asked.',
  status STRING COMMENT 'Message status: COMPLETED, FAILED, CANCELLED, QUERY_RESULT_EXPIRED, or a non-terminal status.',
  created_timestamp TIMESTAMP COMMENT 'When the message was created (UTC).',
  last_updated_timestamp TIMESTAMP COMMENT 'When the message last changed (UTC).',
  query_sql STRING COMMENT 'SQL of the first query attachment.',
  query_description STRING COMMENT 'Description of the first query attachment.',
  statement_id STRING COMMENT 'SQL statement id of the first query attachment.',
  attachments_json STRING COMMENT 'Every attachment as a complete JSON array.',
  attachment_count INT COMMENT 'Number of attachments.',
  message_error_type STRING COMMENT 'Error type Genie reported for the message.',
  message_error STRING COMMENT 'Error text Genie reported for the message.',
  feedback_rating STRING COMMENT 'User feedback: POSITIVE, NEGATIVE or NONE.',
  audit_event_time TIMESTAMP COMMENT 'Time of the audit event that named the message (UTC).',
  ingestion_batch_id STRING COMMENT 'Run that last wrote this row.',
  ingestion_timestamp TIMESTAMP COMMENT 'When this row was last written (UTC).',
  first_ingested_at TIMESTAMP COMMENT 'When this message was first written (UTC).'
)
USING DELTA
CLUSTER BY (workspace_id, message_id)
COMMENT 'One row per Genie message fetched from the Genie API, upserted on (workspace_id, message_id) until the message reaches a terminal status.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.message_fetch_errors (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  workspace_url STRING COMMENT 'Workspace URL the fetch was sent to.',
  space_id STRING COMMENT 'Genie space id.',
  conversation_id STRING COMMENT 'Genie conversation id.',
  message_id STRING COMMENT 'Genie message id.',
  error_type STRING COMMENT 'NOT_FOUND, PERMISSION_DENIED (permanent); SERVER_ERROR, TIMEOUT, AUTH_ERROR, INVALID_RESPONSE (failures of the message itself); NO_TOKEN, CREDENTIAL_REJECTED, WORKSPACE_UNREACHABLE, WORKSPACE_UNAVAILABLE, RATE_LIMITED (failures of its workspace).',
  http_status INT COMMENT 'HTTP status of the last failed attempt.',
  error_code STRING COMMENT 'Databricks error_code of the last failed attempt.',
  error_message STRING COMMENT 'Error message of the last failed attempt.',
  retry_count INT COMMENT 'Failures of the message itself so far; failures of its workspace are not counted.',
  first_failed_at TIMESTAMP COMMENT 'First failure (UTC).',
  last_attempt_at TIMESTAMP COMMENT 'Last attempt (UTC).',
  resolved BOOLEAN COMMENT 'True once a retry succeeded.',
  resolved_at TIMESTAMP COMMENT 'When a retry succeeded (UTC).',
  ingestion_batch_id STRING COMMENT 'Run that last wrote this row.',
  failure_scope STRING COMMENT 'Whose the last failure was: MESSAGE (counted in retry_count) or WORKSPACE (its workspace was down or throttling; costs the message nothing).'
)
USING DELTA
CLUSTER BY (workspace_id, message_id)
COMMENT 'One row per message whose fetch failed, with its retry count; resolved once a later retry succeeds.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.genie_space_details (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  workspace_url STRING COMMENT 'Workspace URL.',
  space_id STRING COMMENT 'Genie space id.',
  title STRING COMMENT 'Space title.',
  description STRING COMMENT 'Space description.',
  warehouse_id STRING COMMENT 'SQL warehouse the space queries.',
  parent_path STRING COMMENT 'Workspace folder of the space.',
  etag STRING COMMENT 'Etag of the fetched configuration.',
  create_time TIMESTAMP COMMENT 'When the space was created (UTC).',
  update_time TIMESTAMP COMMENT 'When the space was last updated (UTC).',
  serialized_space STRING COMMENT 'The space configuration as returned by the API.',
  content_hash STRING COMMENT 'Hash of the canonical configuration.',
  api_fetch_status STRING COMMENT 'OK, FAILED, EMPTY, FORBIDDEN or NOT_FOUND.',
  api_fetch_error STRING COMMENT 'Error of the last failed fetch.',
  last_success_at TIMESTAMP COMMENT 'Last successful fetch (UTC).',
  ingestion_batch_id STRING COMMENT 'Run that last wrote this row.',
  ingestion_timestamp TIMESTAMP COMMENT 'When this row was last written (UTC).',
  deleted_at TIMESTAMP COMMENT 'When a fetch first found the space deleted (UTC); null while it exists. The row is never removed.'
)
USING DELTA
CLUSTER BY (workspace_id, space_id)
COMMENT 'One row per Genie space; a failed or empty fetch updates only the status and error columns and keeps the last good configuration.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.genie_ingestion_runs (
  run_id STRING COMMENT 'Run id.',
  run_type STRING COMMENT 'PIPELINE_REFRESH, MESSAGE_INGESTION, SPACE_SYNC or JOB.',
  mode STRING COMMENT 'Load mode: Initial, Incremental, CatchUp or Auto.',
  window_start TIMESTAMP COMMENT 'Start of the audit window (UTC).',
  window_end TIMESTAMP COMMENT 'End of the audit window (UTC).',
  started_at TIMESTAMP COMMENT 'When the run started (UTC).',
  finished_at TIMESTAMP COMMENT 'When the run finished (UTC).',
  status STRING COMMENT 'RUNNING, SUCCEEDED, FAILED or CANCELLED.',
  bronze_rows BIGINT COMMENT 'Rows in bronze after the refresh.',
  silver_rows BIGINT COMMENT 'Rows in silver after the refresh.',
  messages_fetched BIGINT COMMENT 'Messages fetched from the Genie API.',
  messages_stored BIGINT COMMENT 'Messages written to message_details.',
  messages_failed BIGINT COMMENT 'Messages whose fetch failed.',
  details_json STRING COMMENT 'Run details as JSON.',
  error STRING COMMENT 'Error of a failed run.'
)
USING DELTA
CLUSTER BY (run_id)
COMMENT 'One row per refresh or ingestion run; the last successful window is the watermark of -Mode Auto.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.message_query_metrics (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  statement_id STRING COMMENT 'SQL statement id of the query attachment (query_id in the Query History API).',
  workspace_url STRING COMMENT 'Workspace URL the statement was looked up in.',
  space_id STRING COMMENT 'Genie space id of the message.',
  conversation_id STRING COMMENT 'Genie conversation id of the message.',
  message_id STRING COMMENT 'Genie message whose query attachment named the statement.',
  status STRING COMMENT 'Statement status: FINISHED, FAILED, CANCELED, or a non-final status while it ran.',
  total_duration_ms BIGINT COMMENT 'Total time of the statement in milliseconds, without result fetching.',
  execution_duration_ms BIGINT COMMENT 'Execution time in milliseconds.',
  compilation_duration_ms BIGINT COMMENT 'Compilation time in milliseconds.',
  queue_duration_ms BIGINT COMMENT 'Time waiting for compute or at capacity, in milliseconds.',
  rows_produced BIGINT COMMENT 'Rows the statement returned.',
  bytes_read BIGINT COMMENT 'Bytes the statement read.',
  from_result_cache BOOLEAN COMMENT 'True when the result came from the result cache.',
  warehouse_id STRING COMMENT 'SQL warehouse that ran the statement.',
  error_message STRING COMMENT 'Why the statement failed.',
  start_time TIMESTAMP COMMENT 'When the statement started (UTC).',
  end_time TIMESTAMP COMMENT 'When the statement\'s execution ended (UTC).',
  metrics_source STRING COMMENT 'Where the metrics came from: QUERY_HISTORY_API or SYSTEM_TABLE.',
  availability STRING COMMENT 'FOUND, PENDING (not in query history yet; looked up again by later runs) or NOT_AVAILABLE (given up).',
  attempts INT COMMENT 'Lookups so far.',
  first_looked_up_at TIMESTAMP COMMENT 'First lookup (UTC); the bound for looking up again counts from here.',
  last_looked_up_at TIMESTAMP COMMENT 'Last lookup (UTC).',
  ingestion_batch_id STRING COMMENT 'Run that last wrote this row.'
)
USING DELTA
CLUSTER BY (workspace_id, statement_id)
COMMENT 'One row per SQL statement of a stored Genie answer (workspace_id, statement_id): its query-history metrics and the lookup bookkeeping.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.message_comments (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  message_id STRING COMMENT 'Genie message id.',
  message_comment_id STRING COMMENT 'Comment id.',
  space_id STRING COMMENT 'Genie space id.',
  conversation_id STRING COMMENT 'Genie conversation id.',
  content STRING COMMENT 'The comment text.',
  user_id BIGINT COMMENT 'Id of the user who wrote the comment.',
  created_timestamp TIMESTAMP COMMENT 'When the comment was written (UTC).',
  ingestion_batch_id STRING COMMENT 'Run that last wrote this row.',
  ingestion_timestamp TIMESTAMP COMMENT 'When this row was last written (UTC).'
)
USING DELTA
CLUSTER BY (workspace_id, message_id, message_comment_id)
COMMENT 'One row per comment on a stored Genie message (GET .../messages/{message_id}/comments), upserted on its id; comments no longer listed are removed.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.message_feedback (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  message_id STRING COMMENT 'Genie message id.',
  space_id STRING COMMENT 'Genie space id.',
  conversation_id STRING COMMENT 'Genie conversation id.',
  feedback_rating STRING COMMENT 'Current feedback: POSITIVE, NEGATIVE or NONE.',
  feedback_comment STRING COMMENT 'Comment given with the feedback.',
  comment_count INT COMMENT 'Comments stored in message_comments for the message; NULL when they were not read.',
  last_feedback_event_time TIMESTAMP COMMENT 'Latest audit feedback or comment event this row reflects (UTC); a newer one offers the message again (Reason Feedback).',
  refreshed_at TIMESTAMP COMMENT 'When the message was last fetched for its feedback (UTC).',
  ingestion_batch_id STRING COMMENT 'Run that last wrote this row.'
)
USING DELTA
CLUSTER BY (workspace_id, message_id)
COMMENT 'One row per stored Genie message with feedback or comments: the current rating and comment, and the latest audit feedback/comment event they reflect.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.genie_space_eval_runs (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  space_id STRING COMMENT 'Genie space id.',
  eval_run_id STRING COMMENT 'Evaluation run id.',
  workspace_url STRING COMMENT 'Workspace URL the run was read from.',
  eval_run_status STRING COMMENT 'NOT_STARTED, RUNNING, DONE, EVALUATION_FAILED, EVALUATION_CANCELLED or EVALUATION_TIMEOUT.',
  is_finished BOOLEAN COMMENT 'True once the run is in a final status and its results are stored.',
  num_questions BIGINT COMMENT 'Benchmark questions in the run.',
  num_correct BIGINT COMMENT 'Questions assessed GOOD.',
  num_needs_review BIGINT COMMENT 'Questions that need a manual review.',
  num_done BIGINT COMMENT 'Questions evaluated so far.',
  run_by_user BIGINT COMMENT 'Id of the user who started the run.',
  created_timestamp TIMESTAMP COMMENT 'When the run was created (UTC).',
  last_updated_timestamp TIMESTAMP COMMENT 'When the run last changed (UTC).',
  results_stored INT COMMENT 'Results stored in genie_space_eval_results for the run.',
  ingestion_batch_id STRING COMMENT 'Sync that last wrote this row.',
  ingestion_timestamp TIMESTAMP COMMENT 'When this row was last written (UTC).'
)
USING DELTA
CLUSTER BY (workspace_id, space_id, eval_run_id)
COMMENT 'One row per evaluation (benchmark) run of a Genie space; a run stored as finished is not fetched again.';

CREATE TABLE IF NOT EXISTS main.genie_analytics.genie_space_eval_results (
  workspace_id STRING COMMENT 'Databricks workspace id.',
  space_id STRING COMMENT 'Genie space id.',
  eval_run_id STRING COMMENT 'Evaluation run id.',
  result_id STRING COMMENT 'Result id.',
  benchmark_question_id STRING COMMENT 'The benchmark question evaluated.',
  question STRING COMMENT 'The benchmark question text as evaluated.',
  benchmark_answer STRING COMMENT 'The benchmark answer as evaluated.',
  status STRING COMMENT 'Evaluation status of the question.',
  assessment STRING COMMENT 'GOOD, BAD or NEEDS_REVIEW.',
  assessment_reasons STRING COMMENT 'Why the answer was assessed BAD, as a JSON array of reasons.',
  manual_assessment BOOLEAN COMMENT 'True when a person assessed the answer.',
  created_by_user BIGINT COMMENT 'Id of the user who created the result.',
  actual_response_json STRING COMMENT 'Genie\'s response (JSON array).',
  expected_response_json STRING COMMENT 'The expected response (JSON array).',
  ingestion_batch_id STRING COMMENT 'Sync that last wrote this row.',
  ingestion_timestamp TIMESTAMP COMMENT 'When this row was last written (UTC).'
)
USING DELTA
CLUSTER BY (workspace_id, space_id, eval_run_id, result_id)
COMMENT 'One row per benchmark question of an evaluation run, with its GOOD/BAD/NEEDS_REVIEW assessment.';
