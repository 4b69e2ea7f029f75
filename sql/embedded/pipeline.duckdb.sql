-- =============================================================================
-- GenieObservability: the audit medallion on the embedded DuckDB warehouse.
-- The same logic as ../pipeline.sql (the Databricks SDP pipeline), over two input tables Import-GenieAuditLog fills:
--   {schema}.audit       the columns of system.access.audit the pipeline reads (MAP request_params, STRUCT user_identity/response)
--   {schema}.workspaces  system.access.workspaces_latest's columns (workspace_id, workspace_name, workspace_url, status)
-- Blocks start with "-- @name"; each block holds one or more statements ending in ';' at the end of a line.
-- {schema} is replaced by the validated schema name; every value is a named :parameter.
-- Parameters of a refresh:
--   :window_start, :window_end   the audit window (UTC timestamps, both inclusive)
--   :workspace_ids               comma-separated workspace ids; '' = every workspace in the audit table
--   :refreshed_at                the refresh's "now"
--   :days_lookback, :lookback_minutes   recorded in the validation row for dashboards of the original design
-- =============================================================================

-- @name inputs
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.audit (
  account_id     VARCHAR,
  workspace_id   VARCHAR,
  event_time     TIMESTAMP,
  event_date     DATE,
  service_name   VARCHAR,
  action_name    VARCHAR,
  request_id     VARCHAR,
  event_id       VARCHAR,
  user_identity  STRUCT(email VARCHAR, subject_name VARCHAR),
  request_params MAP(VARCHAR, VARCHAR),
  response       STRUCT(status_code INTEGER, error_message VARCHAR, result VARCHAR),
  source_file    VARCHAR,
  imported_at    TIMESTAMP
);
CREATE TABLE IF NOT EXISTS {schema}.workspaces (
  workspace_id   VARCHAR PRIMARY KEY,
  workspace_name VARCHAR,
  workspace_url  VARCHAR,
  status         VARCHAR
);

-- @name import_audit
-- :path is a JSON-lines file the importer wrote in the system-table shape (it parsed, checked and normalised every line).
-- Idempotent: a row whose event_id is already in the table, or repeated in the file, is not added.
INSERT INTO {schema}.audit
SELECT src.account_id, src.workspace_id, src.event_time, coalesce(src.event_date, CAST(src.event_time AS DATE)),
       src.service_name, src.action_name, src.request_id, src.event_id, src.user_identity, src.request_params,
       src.response, src.source_file, CAST(:imported_at AS TIMESTAMP)
FROM read_json(:path, format = 'newline_delimited', columns = {
       account_id: 'VARCHAR', workspace_id: 'VARCHAR', event_time: 'TIMESTAMP', event_date: 'DATE',
       service_name: 'VARCHAR', action_name: 'VARCHAR', request_id: 'VARCHAR', event_id: 'VARCHAR',
       user_identity: 'STRUCT(email VARCHAR, subject_name VARCHAR)',
       request_params: 'MAP(VARCHAR, VARCHAR)',
       response: 'STRUCT(status_code INTEGER, error_message VARCHAR, result VARCHAR)',
       source_file: 'VARCHAR'}) AS src
WHERE NOT EXISTS (SELECT 1 FROM {schema}.audit AS a WHERE a.event_id = src.event_id)
QUALIFY row_number() OVER (PARTITION BY src.event_id ORDER BY src.event_time) = 1;

-- @name upsert_workspace
-- A known URL or name is never replaced by an unknown one.
INSERT INTO {schema}.workspaces (workspace_id, workspace_name, workspace_url, status)
VALUES (:workspace_id, :workspace_name, :workspace_url, 'RUNNING')
ON CONFLICT (workspace_id) DO UPDATE SET
  workspace_name = coalesce(excluded.workspace_name, workspaces.workspace_name),
  workspace_url  = coalesce(excluded.workspace_url, workspaces.workspace_url);

-- @name workspaces_without_url
SELECT workspace_id FROM {schema}.workspaces WHERE workspace_url IS NULL OR workspace_url = '' ORDER BY workspace_id;

-- @name bronze
-- Genie message events of the window. The window condition is one parenthesised group (the original's
-- "AND date-window OR minutes-window" let every audit row of the last N minutes through). The map lookups are
-- done once, in the inner query, and the id checks applied to their results.
-- Besides the message reads (event_kind MESSAGE), the feedback and comment actions on a message are kept
-- (event_kind FEEDBACK, COMMENT): they make a stored message current again (Reason Feedback). Comment events may
-- carry no conversation_id, so only MESSAGE events must have one.
CREATE OR REPLACE TABLE {schema}.genie_audit_message_events AS
SELECT
  ev.workspace_id,
  w.workspace_name,
  w.workspace_url,
  ev.event_time,
  ev.event_date,
  ev.event_id,
  ev.request_id,
  ev.action_name,
  ev.user_email,
  ev.space_id,
  ev.conversation_id,
  ev.message_id,
  ev.status_code,
  ev.error_message,
  ev.event_kind,
  ev.feedback_rating
FROM (
  SELECT
    ae.workspace_id,
    ae.event_time,
    ae.event_date,
    ae.event_id,
    ae.request_id,
    ae.action_name,
    ae.user_identity.email                     AS user_email,
    trim(ae.request_params['space_id'])        AS space_id,
    trim(ae.request_params['conversation_id']) AS conversation_id,
    trim(ae.request_params['message_id'])      AS message_id,
    ae.response.status_code                    AS status_code,
    ae.response.error_message                  AS error_message,
    CASE
      WHEN ae.action_name IN ('updateConversationMessageFeedback', 'genieSendMessageFeedback') THEN 'FEEDBACK'
      WHEN ae.action_name IN ('createConversationMessageComment', 'updateConversationMessageComment', 'deleteConversationMessageComment') THEN 'COMMENT'
      ELSE 'MESSAGE'
    END                                        AS event_kind,
    trim(ae.request_params['feedback_rating']) AS feedback_rating
  FROM {schema}.audit AS ae
  WHERE ae.service_name = 'aibiGenie'
    AND ae.action_name IN ('getConversationMessage', 'genieGetConversationMessage',
                           'updateConversationMessageFeedback', 'genieSendMessageFeedback',
                           'createConversationMessageComment', 'updateConversationMessageComment', 'deleteConversationMessageComment')
    AND (:workspace_ids = '' OR list_contains(string_split(:workspace_ids, ','), ae.workspace_id))
    AND (
          ae.event_time >= CAST(:window_start AS TIMESTAMP)
      AND ae.event_time <= CAST(:window_end AS TIMESTAMP)
      AND ae.event_date >= CAST(CAST(:window_start AS TIMESTAMP) AS DATE)
      AND ae.event_date <= CAST(CAST(:window_end AS TIMESTAMP) AS DATE)
    )
    AND ae.response.status_code = 200
) AS ev
INNER JOIN {schema}.workspaces AS w ON ev.workspace_id = w.workspace_id
WHERE coalesce(ev.space_id, '') NOT IN ('', 'new')
  AND (coalesce(ev.conversation_id, '') <> '' OR ev.event_kind <> 'MESSAGE')
  AND coalesce(ev.message_id, '') <> '';

-- @name silver
-- One row per (workspace_id, message_id): its latest message event (else, for a message only rated or commented on
-- in the window, its latest feedback/comment event), with how many events were folded into it. Ties on event_time
-- are broken on columns both audit shapes carry alike, so either shape gives the same table. arg_max over a grouped
-- hash aggregate is the DuckDB form of sql/pipeline.sql's row_number() = 1 (same rows, no sort).
-- last_feedback_event_time / feedback_event_count: the message's feedback and comment events (NULL / 0 when none);
-- a conversation_id missing from a comment event is taken from the message's other events.
CREATE OR REPLACE TABLE {schema}.genie_messages_to_fetch AS
SELECT
  latest.workspace_id, latest.workspace_name, latest.workspace_url, latest.space_id,
  coalesce(nullif(latest.conversation_id, ''), any_conversation_id) AS conversation_id,
  latest.message_id, latest.user_email, latest.event_time, latest.event_date, latest.action_name, latest.status_code,
  event_count, last_feedback_event_time, feedback_event_count
FROM (
  SELECT
    arg_max(
      {'workspace_id': workspace_id, 'workspace_name': workspace_name, 'workspace_url': workspace_url,
       'space_id': space_id, 'conversation_id': conversation_id, 'message_id': message_id, 'user_email': user_email,
       'event_time': event_time, 'event_date': event_date, 'action_name': action_name, 'status_code': status_code},
      (CASE WHEN event_kind = 'MESSAGE' THEN 1 ELSE 0 END, event_time, action_name, coalesce(user_email, ''),
       coalesce(conversation_id, ''), space_id)) AS latest,
    max(nullif(conversation_id, '')) AS any_conversation_id,
    count(*) AS event_count,
    max(CASE WHEN event_kind <> 'MESSAGE' THEN event_time END) AS last_feedback_event_time,
    count(CASE WHEN event_kind <> 'MESSAGE' THEN 1 END) AS feedback_event_count
  FROM {schema}.genie_audit_message_events
  GROUP BY workspace_id, message_id
);

-- @name gold
-- Users are counted over every message event of the space (bronze), not only each message's latest event; feedback
-- and comment events do not count as use.
CREATE OR REPLACE TABLE {schema}.genie_space_metrics AS
SELECT
  workspace_id,
  max(workspace_name)             AS workspace_name,
  space_id,
  count(DISTINCT conversation_id) AS conversation_count,
  count(DISTINCT message_id)      AS message_count,
  count(DISTINCT user_email)      AS user_count,
  min(event_time)                 AS first_event_time,
  max(event_time)                 AS last_event_time,
  min(event_date)                 AS first_event_date,
  max(event_date)                 AS last_event_date
FROM {schema}.genie_audit_message_events
WHERE event_kind = 'MESSAGE'
GROUP BY workspace_id, space_id;

-- @name validation
CREATE OR REPLACE TABLE {schema}.genie_pipeline_validation AS
WITH in_window AS (
  SELECT ae.*
  FROM {schema}.audit AS ae
  WHERE (:workspace_ids = '' OR list_contains(string_split(:workspace_ids, ','), ae.workspace_id))
    AND (
          ae.event_time >= CAST(:window_start AS TIMESTAMP)
      AND ae.event_time <= CAST(:window_end AS TIMESTAMP)
      AND ae.event_date >= CAST(CAST(:window_start AS TIMESTAMP) AS DATE)
      AND ae.event_date <= CAST(CAST(:window_end AS TIMESTAMP) AS DATE)
    )
),
counts AS (
  SELECT
    (SELECT count(*) FROM in_window) AS audit_rows_in_window,
    (SELECT count(*) FROM in_window
      WHERE service_name = 'aibiGenie'
        AND action_name IN ('getConversationMessage', 'genieGetConversationMessage')
        AND (coalesce(trim(request_params['space_id']), '') = ''
          OR coalesce(trim(request_params['conversation_id']), '') = ''
          OR coalesce(trim(request_params['message_id']), '') = '')) AS rows_missing_ids,
    (SELECT count(*) FROM {schema}.genie_audit_message_events) AS bronze_rows,
    (SELECT count(*) FROM {schema}.genie_messages_to_fetch) AS silver_rows,
    (SELECT count(DISTINCT workspace_id) FROM {schema}.genie_messages_to_fetch) AS workspaces,
    (SELECT count(*) FROM (SELECT DISTINCT workspace_id, space_id FROM {schema}.genie_messages_to_fetch)) AS spaces
)
SELECT
  CAST(:window_start AS TIMESTAMP)            AS window_start,
  CAST(:window_end AS TIMESTAMP)              AS window_end,
  audit_rows_in_window,
  bronze_rows,
  silver_rows,
  bronze_rows - silver_rows                   AS duplicate_events,
  rows_missing_ids,
  workspaces,
  spaces,
  CAST(:refreshed_at AS TIMESTAMP)            AS refreshed_at,
  silver_rows                                 AS silver_row_count,
  CAST(CAST(:refreshed_at AS TIMESTAMP) AS DATE) AS validation_date,
  TRY_CAST(:days_lookback AS INTEGER)         AS configured_days_lookback,
  TRY_CAST(:lookback_minutes AS INTEGER)      AS configured_lookback_minutes,
  CAST(CAST(:window_start AS TIMESTAMP) AS DATE) AS effective_start_date
FROM counts;

-- @name counts
SELECT (SELECT count(*) FROM {schema}.genie_audit_message_events) AS bronze_rows,
       (SELECT count(*) FROM {schema}.genie_messages_to_fetch) AS silver_rows;
