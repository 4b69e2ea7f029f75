-- =============================================================================
-- GenieObservability: the audit medallion as a Lakeflow Spark Declarative Pipeline (SDP, SQL).
-- Reads system.access.audit and system.access.workspaces_latest; writes into the pipeline's target catalog.schema
-- (default main.genie_analytics). Its twin for the embedded DuckDB warehouse is embedded/pipeline.duckdb.sql.
--
-- Pipeline configuration (Invoke-GeniePipelineRefresh sets all five before each update; all strings). When you
-- create the pipeline by hand, define every key (use '' for the unused ones): a key missing from the configuration is
-- not substituted and its ${...} text would be read as a value.
--   genie.workspace_ids     comma-separated workspace ids; '' = every workspace in the audit log
--   genie.window_start      window start, 'yyyy-MM-dd HH:mm:ss' UTC; set by every mode of Invoke-GeniePipelineRefresh
--   genie.window_end        window end (inclusive), same format; '' = current_timestamp()
--   genie.days_lookback     used only when genie.window_start is '': whole days back from today (the original Initial)
--   genie.lookback_minutes  used only when genie.window_start is '' and this is > 0: minutes back from now
--                           (the original Incremental). Kept so a pipeline started from the UI still works.
-- The window condition is ONE parenthesised group: the original design's "... AND (date window) OR (minutes
-- window)" let every audit row of the last N minutes through, whatever its service, action or workspace.
-- Bronze drops rows missing an id, rows of the placeholder space 'new' and non-200 responses. Besides the message reads
-- (event_kind MESSAGE) it keeps the feedback and comment actions on a message (event_kind FEEDBACK, COMMENT); silver
-- carries their latest time per message (last_feedback_event_time), which offers a stored message again with
-- Reason Feedback. Comment events may carry no conversation_id, so only MESSAGE events must have one.
-- =============================================================================

-- -----------------------------------------------------------------------------
-- Bronze: Genie message-fetch, feedback and comment events of the window.
-- -----------------------------------------------------------------------------
CREATE OR REFRESH MATERIALIZED VIEW genie_audit_message_events
(
  CONSTRAINT valid_workspace_id    EXPECT (workspace_id IS NOT NULL) ON VIOLATION DROP ROW,
  CONSTRAINT valid_space_id        EXPECT (space_id IS NOT NULL AND length(space_id) > 0 AND space_id <> 'new') ON VIOLATION DROP ROW,
  CONSTRAINT valid_conversation_id EXPECT ((conversation_id IS NOT NULL AND length(conversation_id) > 0) OR event_kind <> 'MESSAGE') ON VIOLATION DROP ROW,
  CONSTRAINT valid_message_id      EXPECT (message_id IS NOT NULL AND length(message_id) > 0) ON VIOLATION DROP ROW,
  CONSTRAINT success_status        EXPECT (status_code = 200) ON VIOLATION DROP ROW,
  CONSTRAINT valid_event_time      EXPECT (event_time IS NOT NULL)
)
COMMENT 'aibiGenie message-fetch, feedback and comment events of the configured audit window and workspaces'
CLUSTER BY (workspace_id, space_id)
AS
SELECT
  CAST(ae.workspace_id AS STRING)                         AS workspace_id,
  w.workspace_name,
  w.workspace_url,
  ae.event_time,
  ae.event_date,
  ae.event_id,
  ae.request_id,
  ae.action_name,
  ae.user_identity.email                                  AS user_email,
  trim(CAST(ae.request_params['space_id'] AS STRING))        AS space_id,
  trim(CAST(ae.request_params['conversation_id'] AS STRING)) AS conversation_id,
  trim(CAST(ae.request_params['message_id'] AS STRING))      AS message_id,
  ae.response.status_code                                 AS status_code,
  ae.response.error_message                               AS error_message,
  CASE
    WHEN ae.action_name IN ('updateConversationMessageFeedback', 'genieSendMessageFeedback') THEN 'FEEDBACK'
    WHEN ae.action_name IN ('createConversationMessageComment', 'updateConversationMessageComment', 'deleteConversationMessageComment') THEN 'COMMENT'
    ELSE 'MESSAGE'
  END                                                     AS event_kind,
  trim(CAST(ae.request_params['feedback_rating'] AS STRING)) AS feedback_rating
FROM system.access.audit ae
INNER JOIN system.access.workspaces_latest w ON CAST(ae.workspace_id AS STRING) = CAST(w.workspace_id AS STRING)
WHERE ae.service_name = 'aibiGenie'
  AND ae.action_name IN ('getConversationMessage', 'genieGetConversationMessage',
                         'updateConversationMessageFeedback', 'genieSendMessageFeedback',
                         'createConversationMessageComment', 'updateConversationMessageComment', 'deleteConversationMessageComment')
  AND (
    trim('${genie.workspace_ids}') = ''
    OR array_contains(transform(split('${genie.workspace_ids}', ','), x -> trim(x)), CAST(ae.workspace_id AS STRING))
  )
  AND (
    CASE
      WHEN trim('${genie.window_start}') <> '' THEN
            ae.event_time >= to_timestamp(trim('${genie.window_start}'))
        AND ae.event_time <= coalesce(to_timestamp(nullif(trim('${genie.window_end}'), '')), current_timestamp())
        AND ae.event_date >= to_date(to_timestamp(trim('${genie.window_start}')))
        AND ae.event_date <= to_date(coalesce(to_timestamp(nullif(trim('${genie.window_end}'), '')), current_timestamp()))
      WHEN coalesce(try_cast(trim('${genie.lookback_minutes}') AS INT), 0) > 0 THEN
            ae.event_time >= current_timestamp() - make_interval(0, 0, 0, 0, 0, try_cast(trim('${genie.lookback_minutes}') AS INT), 0)
        AND ae.event_date >= date_sub(current_date(), 1)
      ELSE
            ae.event_date >= date_sub(current_date(), coalesce(try_cast(trim('${genie.days_lookback}') AS INT), 90))
        AND ae.event_date <= current_date()
    END
  );

-- -----------------------------------------------------------------------------
-- Silver: one row per (workspace_id, message_id), its latest message event (else, for a message only rated or
-- commented on in the window, its latest feedback/comment event). Source of Get-GenieMessagesToFetch.
-- last_feedback_event_time / feedback_event_count: the message's feedback and comment events (NULL / 0 when none);
-- a conversation_id missing from a comment event is taken from the message's other events.
-- -----------------------------------------------------------------------------
CREATE OR REFRESH MATERIALIZED VIEW genie_messages_to_fetch
(
  CONSTRAINT silver_valid_workspace_id    EXPECT (workspace_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT silver_valid_space_id        EXPECT (space_id IS NOT NULL AND length(space_id) > 0) ON VIOLATION FAIL UPDATE,
  CONSTRAINT silver_valid_conversation_id EXPECT (conversation_id IS NOT NULL OR feedback_event_count > 0) ON VIOLATION FAIL UPDATE,
  CONSTRAINT silver_valid_message_id      EXPECT (message_id IS NOT NULL) ON VIOLATION FAIL UPDATE,
  CONSTRAINT silver_valid_event_time      EXPECT (event_time IS NOT NULL)
)
COMMENT 'Deduplicated Genie messages of the window (latest event per message, latest feedback/comment event time)'
CLUSTER BY (workspace_id, space_id)
AS
SELECT workspace_id, workspace_name, workspace_url, space_id,
       coalesce(nullif(conversation_id, ''), any_conversation_id) AS conversation_id,
       message_id, user_email, event_time, event_date, action_name, status_code, event_count,
       last_feedback_event_time, feedback_event_count
FROM (
  SELECT *,
         count(*) OVER (PARTITION BY workspace_id, message_id) AS event_count,
         max(nullif(conversation_id, '')) OVER (PARTITION BY workspace_id, message_id) AS any_conversation_id,
         max(CASE WHEN event_kind <> 'MESSAGE' THEN event_time END) OVER (PARTITION BY workspace_id, message_id) AS last_feedback_event_time,
         count(CASE WHEN event_kind <> 'MESSAGE' THEN 1 END) OVER (PARTITION BY workspace_id, message_id) AS feedback_event_count,
         row_number() OVER (
           PARTITION BY workspace_id, message_id
           ORDER BY CASE WHEN event_kind = 'MESSAGE' THEN 1 ELSE 0 END DESC, event_time DESC, action_name DESC,
                    user_email DESC NULLS LAST, coalesce(conversation_id, '') DESC, space_id DESC) AS rn
  FROM genie_audit_message_events
)
WHERE rn = 1;

-- -----------------------------------------------------------------------------
-- Gold: adoption per space. Users are counted over every message event (bronze), not only each message's latest;
-- feedback and comment events do not count as use.
-- -----------------------------------------------------------------------------
CREATE OR REFRESH MATERIALIZED VIEW genie_space_metrics
COMMENT 'Conversations, messages and users per Genie space over the window'
CLUSTER BY (workspace_id, space_id)
AS
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
FROM genie_audit_message_events
WHERE event_kind = 'MESSAGE'
GROUP BY workspace_id, space_id;

-- -----------------------------------------------------------------------------
-- Validation: one row describing the refresh (the original's columns are kept after the new ones).
-- -----------------------------------------------------------------------------
CREATE OR REFRESH MATERIALIZED VIEW genie_pipeline_validation
COMMENT 'One row: window, row counts and dropped rows of the last refresh'
AS
WITH bounds AS (
  SELECT
    CASE
      WHEN trim('${genie.window_start}') <> '' THEN to_timestamp(trim('${genie.window_start}'))
      WHEN coalesce(try_cast(trim('${genie.lookback_minutes}') AS INT), 0) > 0
        THEN current_timestamp() - make_interval(0, 0, 0, 0, 0, try_cast(trim('${genie.lookback_minutes}') AS INT), 0)
      ELSE CAST(date_sub(current_date(), coalesce(try_cast(trim('${genie.days_lookback}') AS INT), 90)) AS TIMESTAMP)
    END AS window_start,
    CASE
      WHEN trim('${genie.window_start}') <> '' THEN coalesce(to_timestamp(nullif(trim('${genie.window_end}'), '')), current_timestamp())
      ELSE current_timestamp()
    END AS window_end
),
in_window AS (
  SELECT ae.*
  FROM system.access.audit ae CROSS JOIN bounds b
  WHERE (
      trim('${genie.workspace_ids}') = ''
      OR array_contains(transform(split('${genie.workspace_ids}', ','), x -> trim(x)), CAST(ae.workspace_id AS STRING))
    )
    AND (
          ae.event_time >= b.window_start
      AND ae.event_time <= b.window_end
      AND ae.event_date >= to_date(b.window_start)
      AND ae.event_date <= to_date(b.window_end)
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
    (SELECT count(*) FROM genie_audit_message_events) AS bronze_rows,
    (SELECT count(*) FROM genie_messages_to_fetch) AS silver_rows,
    (SELECT count(DISTINCT workspace_id) FROM genie_messages_to_fetch) AS workspaces,
    (SELECT count(*) FROM (SELECT DISTINCT workspace_id, space_id FROM genie_messages_to_fetch)) AS spaces
)
SELECT
  b.window_start,
  b.window_end,
  c.audit_rows_in_window,
  c.bronze_rows,
  c.silver_rows,
  c.bronze_rows - c.silver_rows                                  AS duplicate_events,
  c.rows_missing_ids,
  c.workspaces,
  c.spaces,
  current_timestamp()                                            AS refreshed_at,
  c.silver_rows                                                  AS silver_row_count,
  current_date()                                                 AS validation_date,
  try_cast(trim('${genie.days_lookback}') AS INT)                AS configured_days_lookback,
  try_cast(trim('${genie.lookback_minutes}') AS INT)             AS configured_lookback_minutes,
  to_date(b.window_start)                                        AS effective_start_date
FROM bounds b CROSS JOIN counts c;
