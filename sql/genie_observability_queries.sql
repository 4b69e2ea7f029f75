-- =============================================================================
-- GenieObservability: the dashboard queries over the product's tables, in Databricks SQL.
-- The one source of the figures: Get-GenieUsage, Get-GenieQuestion, Get-GenieQueryMetric and
-- Export-GenieObservabilityReport run these blocks on a SQL warehouse (Statement Execution API or ODBC);
-- embedded/genie_observability_queries.duckdb.sql is the twin the embedded DuckDB warehouse runs (same blocks, names,
-- parameters, columns and definitions).
-- Blocks start with "-- @name"; each holds one statement. {schema} is the tables' catalog.schema: the module puts in
-- the connected one; in an AI/BI dashboard dataset write it out (e.g. main.genie_analytics) and give :as_of the
-- current time (or replace CAST(:as_of AS TIMESTAMP) by current_timestamp()).
--
-- Parameters (every value is a named :parameter; a block uses only the ones it names):
--   :as_of                 TIMESTAMP (UTC) the figures are computed at; "today" is its date
--   :days_lookback         INTEGER >= 1: the window is the as_of date and the days_lookback - 1 days before it
--   :workspace_id_filter   '' = every workspace, else comma-separated workspace ids
--   :space_id_filter       '' = every space, else comma-separated space ids
--   :period                'day', 'week' (starting Monday) or 'month'            (usage_by_period)
--   :user_filter           '' = every user, else one email (case-insensitive)   (questions)
--   :status_filter         '' = every status, else comma-separated Genie statuses (questions), or statement
--                          statuses FINISHED, FAILED, CANCELED                    (slowest_queries)
--   :unanswered_only       1 = only questions not answered (failed, cancelled, pending), 0 = all (questions)
--   :since                 TIMESTAMP: questions asked at or after it             (questions)
--   :search                '' = no search, else text the question, its SQL or its error contains (questions)
--   :row_limit             INTEGER: most rows returned                           (questions, worklist, slowest_queries)
--   :group_by              'all' (one row), 'day', 'week', 'month', 'space', 'user' or 'workspace' (query_performance)
--   :after_cursor          1 = only rows after the cursor below in the questions' order, 0 = from the start (questions:
--   :cursor_asked_at, :cursor_workspace_id, :cursor_message_id   the last row read; pages of newest-first rows)
--
-- Definitions (README "Definitions"; every block uses these and no others):
--   question       one row of message_details: a message a user asked in a Genie space, fetched from the API
--   asked at       created_timestamp (from the API), else the time of the audit event that named the message
--   outcome        ANSWERED_SQL   status COMPLETED or QUERY_RESULT_EXPIRED with a query attachment
--                  ANSWERED_TEXT  status COMPLETED or QUERY_RESULT_EXPIRED without one
--                  FAILED, CANCELLED  status FAILED, CANCELLED
--                  PENDING        any other status (Genie had not finished when the message was last fetched)
--   answered       outcome ANSWERED_SQL or ANSWERED_TEXT
--   answer rate    answered / (questions - pending): pending questions have no outcome yet
--   user           user_email (from the audit log), else 'user ' || user_id; an active user asked >= 1 question
--   active space   a space with >= 1 question in the window; an idle space has none (but is known)
--   satisfaction   positive / rated, where rated = feedback POSITIVE or NEGATIVE; NULL when nothing was rated
--   accuracy       of an evaluation run: num_correct / num_questions (benchmark questions assessed GOOD); NULL when
--                  the run has no questions; a space's latest accuracy is that of its latest DONE run
--   space title    genie_space_details.title, else the space_name stored with the message, else the space id
--   statement      a row of message_query_metrics: one SQL statement Genie ran for a question (a question can have
--                  several), counted with its question (joined on workspace_id, message_id), so in the window by when
--                  the question was asked
--   measured       a statement found in query history with a final status (availability FOUND): FINISHED, FAILED or
--                  CANCELED; PENDING (not in history yet, looked up again), NOT_AVAILABLE (given up) are counted
--                  apart and are not failures; an answer with a statement_id but no row there yet is "not looked up"
--   query failure share  (FAILED + CANCELED) / measured; NULL when no statement was measured
--   query duration total_duration_ms of measured statements (median and 95th percentile: percentile_cont)
-- =============================================================================

-- @name known_workspaces
-- Every workspace the tables know, with what they hold (checks -WorkspaceId before anything else runs).
WITH stored AS (
  SELECT workspace_id, max(workspace_name) AS workspace_name, count(*) AS questions
  FROM {schema}.message_details
  GROUP BY workspace_id
),
configured AS (
  SELECT workspace_id, count(*) AS spaces
  FROM {schema}.genie_space_details
  GROUP BY workspace_id
),
ids AS (
  SELECT workspace_id FROM stored
  UNION
  SELECT workspace_id FROM configured
)
SELECT ids.workspace_id, st.workspace_name, coalesce(st.questions, 0) AS questions, coalesce(c.spaces, 0) AS spaces
FROM ids
LEFT JOIN stored AS st ON st.workspace_id = ids.workspace_id
LEFT JOIN configured AS c ON c.workspace_id = ids.workspace_id
ORDER BY ids.workspace_id;

-- @name kpis
-- One row per window: 'current' (the window) and 'previous' (the same number of days before it).
WITH bounds AS (
  SELECT CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP) AS window_start,
         CAST(date_sub(CAST(:as_of AS DATE), 2 * :days_lookback - 1) AS TIMESTAMP) AS previous_start,
         CAST(:as_of AS TIMESTAMP) AS window_end
),
q AS (
  SELECT md.workspace_id, md.space_id, md.conversation_id,
         coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_key,
         coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
         CASE
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
           WHEN md.status = 'FAILED' THEN 'FAILED'
           WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
           ELSE 'PENDING'
         END AS outcome,
         md.feedback_rating
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
),
windowed AS (
  SELECT CASE WHEN q.asked_at >= b.window_start THEN 'current' ELSE 'previous' END AS period, q.*
  FROM q CROSS JOIN bounds AS b
  WHERE q.asked_at >= b.previous_start AND q.asked_at <= b.window_end
),
figures AS (
  SELECT period,
         count(*) AS questions,
         count(DISTINCT conversation_id) AS conversations,
         count(DISTINCT user_key) AS users,
         count(DISTINCT workspace_id || '/' || space_id) AS active_spaces,
         count(CASE WHEN outcome IN ('ANSWERED_SQL', 'ANSWERED_TEXT') THEN 1 END) AS answered,
         count(CASE WHEN outcome = 'ANSWERED_SQL' THEN 1 END) AS answered_sql,
         count(CASE WHEN outcome = 'ANSWERED_TEXT' THEN 1 END) AS answered_text,
         count(CASE WHEN outcome = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN outcome = 'CANCELLED' THEN 1 END) AS cancelled,
         count(CASE WHEN outcome = 'PENDING' THEN 1 END) AS pending,
         count(CASE WHEN feedback_rating IN ('POSITIVE', 'NEGATIVE') THEN 1 END) AS rated,
         count(CASE WHEN feedback_rating = 'POSITIVE' THEN 1 END) AS positive,
         count(CASE WHEN feedback_rating = 'NEGATIVE' THEN 1 END) AS negative
  FROM windowed
  GROUP BY period
)
SELECT f.*,
       CASE WHEN questions - pending > 0 THEN 1.0 * answered / (questions - pending) END AS answer_rate,
       CASE WHEN rated > 0 THEN 1.0 * positive / rated END AS satisfaction
FROM figures AS f
ORDER BY period;

-- @name usage_by_period
-- Adoption over time: one row per day, week (Monday) or month of the window that has questions.
WITH q AS (
  SELECT md.conversation_id,
         date_trunc(:period, coalesce(md.created_timestamp, md.audit_event_time)) AS period_start,
         coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_key,
         coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
         CASE
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
           WHEN md.status = 'FAILED' THEN 'FAILED'
           WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
           ELSE 'PENDING'
         END AS outcome,
         md.feedback_rating
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
),
figures AS (
  SELECT period_start,
         count(*) AS questions,
         count(DISTINCT conversation_id) AS conversations,
         count(DISTINCT user_key) AS users,
         count(CASE WHEN outcome IN ('ANSWERED_SQL', 'ANSWERED_TEXT') THEN 1 END) AS answered,
         count(CASE WHEN outcome = 'ANSWERED_SQL' THEN 1 END) AS answered_sql,
         count(CASE WHEN outcome = 'ANSWERED_TEXT' THEN 1 END) AS answered_text,
         count(CASE WHEN outcome = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN outcome = 'CANCELLED' THEN 1 END) AS cancelled,
         count(CASE WHEN outcome = 'PENDING' THEN 1 END) AS pending,
         count(CASE WHEN feedback_rating IN ('POSITIVE', 'NEGATIVE') THEN 1 END) AS rated,
         count(CASE WHEN feedback_rating = 'POSITIVE' THEN 1 END) AS positive,
         count(CASE WHEN feedback_rating = 'NEGATIVE' THEN 1 END) AS negative
  FROM q
  WHERE asked_at >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND asked_at <= CAST(:as_of AS TIMESTAMP)
  GROUP BY period_start
)
SELECT f.*,
       CASE WHEN questions - pending > 0 THEN 1.0 * answered / (questions - pending) END AS answer_rate,
       CASE WHEN rated > 0 THEN 1.0 * positive / rated END AS satisfaction
FROM figures AS f
ORDER BY period_start;

-- @name usage_by_space
-- Top spaces: one row per space with questions in the window, most questions first.
WITH q AS (
  SELECT md.workspace_id, md.space_id, md.conversation_id, md.workspace_name, md.space_name,
         coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_key,
         coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
         CASE
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
           WHEN md.status = 'FAILED' THEN 'FAILED'
           WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
           ELSE 'PENDING'
         END AS outcome,
         md.feedback_rating
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
),
figures AS (
  SELECT workspace_id, space_id,
         max(workspace_name) AS workspace_name,
         max(space_name) AS space_name,
         count(*) AS questions,
         count(DISTINCT conversation_id) AS conversations,
         count(DISTINCT user_key) AS users,
         count(CASE WHEN outcome IN ('ANSWERED_SQL', 'ANSWERED_TEXT') THEN 1 END) AS answered,
         count(CASE WHEN outcome = 'ANSWERED_SQL' THEN 1 END) AS answered_sql,
         count(CASE WHEN outcome = 'ANSWERED_TEXT' THEN 1 END) AS answered_text,
         count(CASE WHEN outcome = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN outcome = 'CANCELLED' THEN 1 END) AS cancelled,
         count(CASE WHEN outcome = 'PENDING' THEN 1 END) AS pending,
         count(CASE WHEN feedback_rating IN ('POSITIVE', 'NEGATIVE') THEN 1 END) AS rated,
         count(CASE WHEN feedback_rating = 'POSITIVE' THEN 1 END) AS positive,
         count(CASE WHEN feedback_rating = 'NEGATIVE' THEN 1 END) AS negative,
         max(asked_at) AS last_question_at
  FROM q
  WHERE asked_at >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND asked_at <= CAST(:as_of AS TIMESTAMP)
  GROUP BY workspace_id, space_id
)
SELECT f.workspace_id, f.workspace_name, f.space_id,
       coalesce(nullif(sd.title, ''), nullif(f.space_name, ''), f.space_id) AS space_title,
       f.questions, f.conversations, f.users, f.answered, f.answered_sql, f.answered_text, f.failed, f.cancelled,
       f.pending, f.rated, f.positive, f.negative, f.last_question_at,
       CASE WHEN f.questions - f.pending > 0 THEN 1.0 * f.answered / (f.questions - f.pending) END AS answer_rate,
       CASE WHEN f.rated > 0 THEN 1.0 * f.positive / f.rated END AS satisfaction
FROM figures AS f
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = f.workspace_id AND sd.space_id = f.space_id
ORDER BY f.questions DESC, space_title, f.workspace_id, f.space_id;

-- @name usage_by_user
-- Top users: one row per user with questions in the window, most questions first.
WITH q AS (
  SELECT md.workspace_id, md.space_id, md.conversation_id,
         coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_key,
         coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
         CASE
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
           WHEN md.status = 'FAILED' THEN 'FAILED'
           WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
           ELSE 'PENDING'
         END AS outcome,
         md.feedback_rating
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
),
figures AS (
  SELECT user_key AS user_name,
         count(*) AS questions,
         count(DISTINCT conversation_id) AS conversations,
         count(DISTINCT workspace_id || '/' || space_id) AS spaces,
         count(CASE WHEN outcome IN ('ANSWERED_SQL', 'ANSWERED_TEXT') THEN 1 END) AS answered,
         count(CASE WHEN outcome = 'ANSWERED_SQL' THEN 1 END) AS answered_sql,
         count(CASE WHEN outcome = 'ANSWERED_TEXT' THEN 1 END) AS answered_text,
         count(CASE WHEN outcome = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN outcome = 'CANCELLED' THEN 1 END) AS cancelled,
         count(CASE WHEN outcome = 'PENDING' THEN 1 END) AS pending,
         count(CASE WHEN feedback_rating IN ('POSITIVE', 'NEGATIVE') THEN 1 END) AS rated,
         count(CASE WHEN feedback_rating = 'POSITIVE' THEN 1 END) AS positive,
         count(CASE WHEN feedback_rating = 'NEGATIVE' THEN 1 END) AS negative,
         max(asked_at) AS last_question_at
  FROM q
  WHERE asked_at >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND asked_at <= CAST(:as_of AS TIMESTAMP)
    AND user_key IS NOT NULL
  GROUP BY user_key
)
SELECT f.*,
       CASE WHEN questions - pending > 0 THEN 1.0 * answered / (questions - pending) END AS answer_rate,
       CASE WHEN rated > 0 THEN 1.0 * positive / rated END AS satisfaction
FROM figures AS f
ORDER BY questions DESC, user_name;

-- @name usage_by_workspace
-- One row per workspace with questions in the window, most questions first.
WITH q AS (
  SELECT md.workspace_id, md.workspace_name, md.space_id, md.conversation_id,
         coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_key,
         coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
         CASE
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
           WHEN md.status = 'FAILED' THEN 'FAILED'
           WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
           ELSE 'PENDING'
         END AS outcome,
         md.feedback_rating
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
),
figures AS (
  SELECT workspace_id,
         max(workspace_name) AS workspace_name,
         count(*) AS questions,
         count(DISTINCT conversation_id) AS conversations,
         count(DISTINCT user_key) AS users,
         count(DISTINCT space_id) AS spaces,
         count(CASE WHEN outcome IN ('ANSWERED_SQL', 'ANSWERED_TEXT') THEN 1 END) AS answered,
         count(CASE WHEN outcome = 'ANSWERED_SQL' THEN 1 END) AS answered_sql,
         count(CASE WHEN outcome = 'ANSWERED_TEXT' THEN 1 END) AS answered_text,
         count(CASE WHEN outcome = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN outcome = 'CANCELLED' THEN 1 END) AS cancelled,
         count(CASE WHEN outcome = 'PENDING' THEN 1 END) AS pending,
         count(CASE WHEN feedback_rating IN ('POSITIVE', 'NEGATIVE') THEN 1 END) AS rated,
         count(CASE WHEN feedback_rating = 'POSITIVE' THEN 1 END) AS positive,
         count(CASE WHEN feedback_rating = 'NEGATIVE' THEN 1 END) AS negative,
         max(asked_at) AS last_question_at
  FROM q
  WHERE asked_at >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND asked_at <= CAST(:as_of AS TIMESTAMP)
  GROUP BY workspace_id
)
SELECT f.*,
       CASE WHEN questions - pending > 0 THEN 1.0 * answered / (questions - pending) END AS answer_rate,
       CASE WHEN rated > 0 THEN 1.0 * positive / rated END AS satisfaction
FROM figures AS f
ORDER BY questions DESC, workspace_id;

-- @name space_daily_questions
-- Questions per day per space (the stacked trend and each space's small trend line).
SELECT md.workspace_id, md.space_id,
       CAST(coalesce(md.created_timestamp, md.audit_event_time) AS DATE) AS day,
       count(*) AS questions
FROM {schema}.message_details AS md
WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
  AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
  AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
  AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
GROUP BY md.workspace_id, md.space_id, CAST(coalesce(md.created_timestamp, md.audit_event_time) AS DATE)
ORDER BY day, md.workspace_id, md.space_id;

-- @name outcome_by_space
-- Outcome of every question per space: answered with SQL, with text only, failed, cancelled, still pending.
WITH q AS (
  SELECT md.workspace_id, md.space_id, md.space_name,
         CASE
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
           WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
           WHEN md.status = 'FAILED' THEN 'FAILED'
           WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
           ELSE 'PENDING'
         END AS outcome
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
    AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
),
figures AS (
  SELECT workspace_id, space_id, max(space_name) AS space_name,
         count(*) AS questions,
         count(CASE WHEN outcome = 'ANSWERED_SQL' THEN 1 END) AS answered_sql,
         count(CASE WHEN outcome = 'ANSWERED_TEXT' THEN 1 END) AS answered_text,
         count(CASE WHEN outcome = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN outcome = 'CANCELLED' THEN 1 END) AS cancelled,
         count(CASE WHEN outcome = 'PENDING' THEN 1 END) AS pending
  FROM q
  GROUP BY workspace_id, space_id
)
SELECT f.workspace_id, f.space_id,
       coalesce(nullif(sd.title, ''), nullif(f.space_name, ''), f.space_id) AS space_title,
       f.questions, f.answered_sql, f.answered_text, f.failed, f.cancelled, f.pending
FROM figures AS f
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = f.workspace_id AND sd.space_id = f.space_id
ORDER BY f.questions DESC, space_title, f.workspace_id, f.space_id;

-- @name failure_reasons
-- Failed questions per space and Genie error type (message_error_type), most failures first.
WITH failed AS (
  SELECT md.workspace_id, md.space_id, max(md.space_name) AS space_name,
         coalesce(nullif(md.message_error_type, ''), 'UNKNOWN') AS error_type,
         count(*) AS failures,
         max(coalesce(md.created_timestamp, md.audit_event_time)) AS last_failed_at
  FROM {schema}.message_details AS md
  WHERE md.status = 'FAILED'
    AND (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
    AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
  GROUP BY md.workspace_id, md.space_id, coalesce(nullif(md.message_error_type, ''), 'UNKNOWN')
)
SELECT f.workspace_id, f.space_id,
       coalesce(nullif(sd.title, ''), nullif(f.space_name, ''), f.space_id) AS space_title,
       f.error_type, f.failures, f.last_failed_at
FROM failed AS f
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = f.workspace_id AND sd.space_id = f.space_id
ORDER BY f.failures DESC, space_title, f.error_type;

-- @name fetch_errors_by_space
-- Fetch-error rate per space: messages whose fetch is failing (unresolved) against those stored, in the window
-- (a stored message by when it was asked, a failing one by its first failure).
WITH stored AS (
  SELECT md.workspace_id, md.space_id, max(md.space_name) AS space_name, count(*) AS stored
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
    AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
  GROUP BY md.workspace_id, md.space_id
),
failing AS (
  SELECT e.workspace_id, e.space_id, count(*) AS fetch_errors,
         count(CASE WHEN e.error_type IN ('NOT_FOUND', 'PERMISSION_DENIED') THEN 1 END) AS permanent_errors
  FROM {schema}.message_fetch_errors AS e
  WHERE NOT coalesce(e.resolved, false)
    AND (:workspace_id_filter = '' OR position(',' || e.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || e.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
    AND e.first_failed_at >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND e.first_failed_at <= CAST(:as_of AS TIMESTAMP)
  GROUP BY e.workspace_id, e.space_id
),
spaces AS (
  SELECT workspace_id, space_id FROM stored
  UNION
  SELECT workspace_id, space_id FROM failing
)
SELECT s.workspace_id, s.space_id,
       coalesce(nullif(sd.title, ''), nullif(st.space_name, ''), s.space_id) AS space_title,
       coalesce(st.stored, 0) AS stored,
       coalesce(fe.fetch_errors, 0) AS fetch_errors,
       coalesce(fe.permanent_errors, 0) AS permanent_errors,
       1.0 * coalesce(fe.fetch_errors, 0) / (coalesce(st.stored, 0) + coalesce(fe.fetch_errors, 0)) AS fetch_error_rate
FROM spaces AS s
LEFT JOIN stored AS st ON st.workspace_id = s.workspace_id AND st.space_id = s.space_id
LEFT JOIN failing AS fe ON fe.workspace_id = s.workspace_id AND fe.space_id = s.space_id
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = s.workspace_id AND sd.space_id = s.space_id
ORDER BY fetch_error_rate DESC, fetch_errors DESC, space_title;

-- @name fetch_errors_by_type
-- Open fetch errors (not resolved) by error type and HTTP status, whenever they first failed.
SELECT e.error_type, e.http_status, count(*) AS messages,
       count(CASE WHEN e.error_type IN ('NOT_FOUND', 'PERMISSION_DENIED') THEN 1 END) AS permanent,
       max(e.retry_count) AS max_retry_count,
       max(e.last_attempt_at) AS last_attempt_at
FROM {schema}.message_fetch_errors AS e
WHERE NOT coalesce(e.resolved, false)
  AND (:workspace_id_filter = '' OR position(',' || e.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
  AND (:space_id_filter = '' OR position(',' || e.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
GROUP BY e.error_type, e.http_status
ORDER BY messages DESC, e.error_type, e.http_status;

-- @name questions
-- Stored questions with their space, user, outcome, SQL and error, newest first (Get-GenieQuestion).
SELECT md.workspace_id, md.workspace_name, md.space_id,
       coalesce(nullif(sd.title, ''), nullif(md.space_name, ''), md.space_id) AS space_title,
       md.conversation_id, md.message_id,
       coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_name,
       coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
       md.status,
       CASE
         WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') AND md.query_sql IS NOT NULL THEN 'ANSWERED_SQL'
         WHEN md.status IN ('COMPLETED', 'QUERY_RESULT_EXPIRED') THEN 'ANSWERED_TEXT'
         WHEN md.status = 'FAILED' THEN 'FAILED'
         WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
         ELSE 'PENDING'
       END AS outcome,
       md.content AS question, md.query_sql, md.query_description, md.message_error_type AS error_type,
       md.message_error AS error, md.feedback_rating, md.attachment_count
FROM {schema}.message_details AS md
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = md.workspace_id AND sd.space_id = md.space_id
WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
  AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
  AND (:user_filter = '' OR lower(md.user_email) = lower(:user_filter) OR CAST(md.user_id AS STRING) = :user_filter)
  AND (:status_filter = '' OR position(',' || upper(md.status) || ',' IN ',' || upper(:status_filter) || ',') > 0)
  AND (:unanswered_only = 0 OR md.status IS NULL OR md.status NOT IN ('COMPLETED', 'QUERY_RESULT_EXPIRED'))
  AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(:since AS TIMESTAMP)
  AND (:search = ''
    OR position(lower(:search) IN lower(coalesce(md.content, ''))) > 0
    OR position(lower(:search) IN lower(coalesce(md.query_sql, ''))) > 0
    OR position(lower(:search) IN lower(coalesce(md.message_error, ''))) > 0)
  AND (:after_cursor = 0
    OR coalesce(md.created_timestamp, md.audit_event_time) < CAST(:cursor_asked_at AS TIMESTAMP)
    OR (coalesce(md.created_timestamp, md.audit_event_time) = CAST(:cursor_asked_at AS TIMESTAMP)
      AND (md.workspace_id > :cursor_workspace_id
        OR (md.workspace_id = :cursor_workspace_id AND md.message_id > :cursor_message_id))))
ORDER BY asked_at DESC, md.workspace_id, md.message_id
LIMIT :row_limit;

-- @name worklist
-- What a curator should look at: failed and cancelled questions and negatively rated answers of the window, newest first.
SELECT md.workspace_id, md.space_id,
       coalesce(nullif(sd.title, ''), nullif(md.space_name, ''), md.space_id) AS space_title,
       md.message_id,
       coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_name,
       coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
       md.status,
       CASE
         WHEN md.status = 'FAILED' THEN 'FAILED'
         WHEN md.status = 'CANCELLED' THEN 'CANCELLED'
         ELSE 'RATED_NEGATIVE'
       END AS reason,
       md.content AS question, md.query_sql, md.message_error_type AS error_type, md.message_error AS error,
       md.feedback_rating
FROM {schema}.message_details AS md
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = md.workspace_id AND sd.space_id = md.space_id
WHERE (md.status IN ('FAILED', 'CANCELLED') OR md.feedback_rating = 'NEGATIVE')
  AND (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
  AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
  AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
  AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
ORDER BY asked_at DESC, md.workspace_id, md.message_id
LIMIT :row_limit;

-- @name idle_spaces
-- Spaces the tables know (configured or asked in before) with no question in the window, idle longest first.
WITH known AS (
  SELECT workspace_id, space_id, max(space_name) AS space_name,
         max(coalesce(created_timestamp, audit_event_time)) AS last_question_at
  FROM {schema}.message_details
  GROUP BY workspace_id, space_id
  UNION ALL
  SELECT workspace_id, space_id, NULL AS space_name, NULL AS last_question_at
  FROM {schema}.genie_space_details
),
spaces AS (
  SELECT workspace_id, space_id, max(space_name) AS space_name, max(last_question_at) AS last_question_at
  FROM known
  WHERE (:workspace_id_filter = '' OR position(',' || workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || space_id || ',' IN ',' || :space_id_filter || ',') > 0)
  GROUP BY workspace_id, space_id
)
SELECT s.workspace_id, s.space_id,
       coalesce(nullif(sd.title, ''), nullif(s.space_name, ''), s.space_id) AS space_title,
       s.last_question_at
FROM spaces AS s
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = s.workspace_id AND sd.space_id = s.space_id
WHERE s.last_question_at IS NULL
   OR s.last_question_at < CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
ORDER BY s.last_question_at NULLS FIRST, space_title, s.workspace_id, s.space_id;

-- @name coverage
-- Coverage of the latest refresh window, per workspace: messages the audit log named (silver), how many are
-- stored (fetched), how many are failing to fetch (errored), and how many were not tried yet.
SELECT s.workspace_id, max(s.workspace_name) AS workspace_name,
       count(*) AS silver_messages,
       count(md.message_id) AS fetched,
       count(CASE WHEN md.message_id IS NULL AND e.message_id IS NOT NULL THEN 1 END) AS errored,
       count(CASE WHEN md.message_id IS NULL AND e.message_id IS NULL THEN 1 END) AS not_fetched
FROM {schema}.genie_messages_to_fetch AS s
LEFT JOIN {schema}.message_details AS md ON md.workspace_id = s.workspace_id AND md.message_id = s.message_id
LEFT JOIN {schema}.message_fetch_errors AS e
  ON e.workspace_id = s.workspace_id AND e.message_id = s.message_id AND NOT coalesce(e.resolved, false)
WHERE (:workspace_id_filter = '' OR position(',' || s.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
  AND (:space_id_filter = '' OR position(',' || s.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
GROUP BY s.workspace_id
ORDER BY s.workspace_id;

-- @name freshness
-- How current the data is: the last successful refresh and ingestion, the newest stored row and question.
SELECT r.last_refresh_at, r.audit_data_to, r.last_ingestion_at, r.failed_runs, m.last_stored_at, m.latest_question_at, m.stored_questions
FROM (
  SELECT max(CASE WHEN run_type = 'PIPELINE_REFRESH' AND status = 'SUCCEEDED' THEN finished_at END) AS last_refresh_at,
         max(CASE WHEN run_type = 'PIPELINE_REFRESH' AND status = 'SUCCEEDED' THEN window_end END) AS audit_data_to,
         max(CASE WHEN run_type = 'MESSAGE_INGESTION' AND status = 'SUCCEEDED' THEN finished_at END) AS last_ingestion_at,
         count(CASE WHEN status = 'FAILED' AND started_at >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP) THEN 1 END) AS failed_runs
  FROM {schema}.genie_ingestion_runs
) AS r
CROSS JOIN (
  SELECT max(md.ingestion_timestamp) AS last_stored_at,
         max(coalesce(md.created_timestamp, md.audit_event_time)) AS latest_question_at,
         count(*) AS stored_questions
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
) AS m;

-- @name space_evaluations
-- The latest evaluation (benchmark) run per space that finished DONE by :as_of (any time before it, not only in the
-- window), with its accuracy and the accuracy of the DONE run before it (NULL when there is none). Spaces never
-- evaluated have no row. Needs genie_space_eval_runs (Sync-GenieSpaceEvaluation).
--   accuracy   num_correct / num_questions of the run (questions assessed GOOD); NULL for a run without questions
WITH done AS (
  SELECT er.workspace_id, er.space_id, er.eval_run_id, er.created_timestamp, er.num_questions, er.num_correct,
         er.num_needs_review,
         CASE WHEN er.num_questions > 0 THEN 1.0 * er.num_correct / er.num_questions END AS accuracy,
         row_number() OVER (PARTITION BY er.workspace_id, er.space_id ORDER BY er.created_timestamp DESC, er.eval_run_id DESC) AS rn,
         count(*) OVER (PARTITION BY er.workspace_id, er.space_id) AS done_runs
  FROM {schema}.genie_space_eval_runs AS er
  WHERE er.eval_run_status = 'DONE'
    AND er.created_timestamp <= CAST(:as_of AS TIMESTAMP)
    AND (:workspace_id_filter = '' OR position(',' || er.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || er.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
),
stored AS (
  SELECT workspace_id, space_id, max(space_name) AS space_name
  FROM {schema}.message_details
  GROUP BY workspace_id, space_id
)
SELECT l.workspace_id, l.space_id,
       coalesce(nullif(sd.title, ''), nullif(st.space_name, ''), l.space_id) AS space_title,
       l.eval_run_id, l.created_timestamp AS evaluated_at, l.num_questions, l.num_correct, l.num_needs_review,
       l.accuracy, p.accuracy AS previous_accuracy, l.done_runs
FROM done AS l
LEFT JOIN done AS p ON p.workspace_id = l.workspace_id AND p.space_id = l.space_id AND p.rn = 2
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = l.workspace_id AND sd.space_id = l.space_id
LEFT JOIN stored AS st ON st.workspace_id = l.workspace_id AND st.space_id = l.space_id
WHERE l.rn = 1
ORDER BY space_title, l.workspace_id, l.space_id;

-- @name query_performance
-- How the SQL of the window's questions ran, per :group_by: statements, measured ones, failed and canceled, the query
-- failure share, median / 95th-percentile / longest duration, and the statements without metrics (pending, not
-- available, not looked up), which are never failures. Groups without statements have no row. Needs
-- message_query_metrics (Sync-GenieQueryMetric and the job fill it).
WITH q AS (
  SELECT md.workspace_id, md.space_id, md.message_id, md.statement_id, md.space_name,
         coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_key,
         coalesce(md.created_timestamp, md.audit_event_time) AS asked_at
  FROM {schema}.message_details AS md
  WHERE (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
    AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
),
statements AS (
  SELECT q.workspace_id, q.space_id, q.space_name, q.user_key, q.asked_at,
         CASE WHEN m.statement_id IS NULL THEN 'NOT_LOOKED_UP' ELSE m.availability END AS availability,
         m.status, m.total_duration_ms
  FROM q
  LEFT JOIN {schema}.message_query_metrics AS m ON m.workspace_id = q.workspace_id AND m.message_id = q.message_id
  WHERE m.statement_id IS NOT NULL OR q.statement_id IS NOT NULL
),
grouped AS (
  SELECT CASE WHEN :group_by IN ('space', 'workspace') THEN workspace_id END AS workspace_id,
         CASE WHEN :group_by = 'space' THEN space_id END AS space_id,
         CASE WHEN :group_by = 'user' THEN user_key END AS user_name,
         CASE :group_by
           WHEN 'day' THEN date_trunc('day', asked_at)
           WHEN 'week' THEN date_trunc('week', asked_at)
           WHEN 'month' THEN date_trunc('month', asked_at)
         END AS period_start,
         space_name, availability, status,
         CASE WHEN availability = 'FOUND' THEN total_duration_ms END AS duration_ms
  FROM statements
),
figures AS (
  SELECT workspace_id, space_id, user_name, period_start, max(space_name) AS space_name,
         count(CASE WHEN availability <> 'NOT_LOOKED_UP' THEN 1 END) AS statements,
         count(CASE WHEN availability = 'FOUND' THEN 1 END) AS measured,
         count(CASE WHEN availability = 'FOUND' AND status = 'FINISHED' THEN 1 END) AS finished,
         count(CASE WHEN availability = 'FOUND' AND status = 'FAILED' THEN 1 END) AS failed,
         count(CASE WHEN availability = 'FOUND' AND status = 'CANCELED' THEN 1 END) AS canceled,
         count(CASE WHEN availability = 'PENDING' THEN 1 END) AS pending,
         count(CASE WHEN availability = 'NOT_AVAILABLE' THEN 1 END) AS not_available,
         count(CASE WHEN availability = 'NOT_LOOKED_UP' THEN 1 END) AS not_looked_up,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY duration_ms) AS median_duration_ms,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95_duration_ms,
         max(duration_ms) AS max_duration_ms
  FROM grouped
  GROUP BY workspace_id, space_id, user_name, period_start
)
SELECT f.workspace_id, f.space_id,
       CASE WHEN f.space_id IS NOT NULL THEN coalesce(nullif(sd.title, ''), nullif(f.space_name, ''), f.space_id) END AS space_title,
       f.user_name, f.period_start, f.statements, f.measured, f.finished, f.failed, f.canceled, f.pending,
       f.not_available, f.not_looked_up,
       CASE WHEN f.measured > 0 THEN 1.0 * (f.failed + f.canceled) / f.measured END AS failure_share,
       f.median_duration_ms, f.p95_duration_ms, f.max_duration_ms
FROM figures AS f
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = f.workspace_id AND sd.space_id = f.space_id
ORDER BY f.period_start, failure_share DESC NULLS LAST, f.measured DESC, space_title, f.user_name, f.workspace_id, f.space_id;

-- @name slowest_queries
-- The slowest measured statements of the window's questions (total duration, longest first), each with its
-- question, space, user and outcome; the SQL is the question's query_sql when the statement is its first attachment's.
-- Needs message_query_metrics.
WITH slowest AS (
  SELECT m.workspace_id, m.statement_id, m.message_id, m.total_duration_ms
  FROM {schema}.message_query_metrics AS m
  JOIN {schema}.message_details AS md ON md.workspace_id = m.workspace_id AND md.message_id = m.message_id
  WHERE m.availability = 'FOUND'
    AND m.total_duration_ms IS NOT NULL
    AND (:workspace_id_filter = '' OR position(',' || md.workspace_id || ',' IN ',' || :workspace_id_filter || ',') > 0)
    AND (:space_id_filter = '' OR position(',' || md.space_id || ',' IN ',' || :space_id_filter || ',') > 0)
    AND (:status_filter = '' OR position(',' || upper(m.status) || ',' IN ',' || upper(:status_filter) || ',') > 0)
    AND coalesce(md.created_timestamp, md.audit_event_time) >= CAST(date_sub(CAST(:as_of AS DATE), :days_lookback - 1) AS TIMESTAMP)
    AND coalesce(md.created_timestamp, md.audit_event_time) <= CAST(:as_of AS TIMESTAMP)
  ORDER BY m.total_duration_ms DESC, m.workspace_id, m.statement_id
  LIMIT :row_limit
)
SELECT md.workspace_id, md.workspace_name, md.space_id,
       coalesce(nullif(sd.title, ''), nullif(md.space_name, ''), md.space_id) AS space_title,
       md.conversation_id, md.message_id, m.statement_id,
       coalesce(nullif(md.user_email, ''), 'user ' || CAST(md.user_id AS STRING)) AS user_name,
       coalesce(md.created_timestamp, md.audit_event_time) AS asked_at,
       md.content AS question,
       CASE WHEN m.statement_id = md.statement_id THEN md.query_sql END AS query_sql,
       m.status, m.total_duration_ms, m.execution_duration_ms, m.queue_duration_ms, m.rows_produced, m.bytes_read,
       m.from_result_cache, m.warehouse_id, m.error_message, m.start_time, m.end_time
FROM slowest AS s
JOIN {schema}.message_query_metrics AS m ON m.workspace_id = s.workspace_id AND m.statement_id = s.statement_id
JOIN {schema}.message_details AS md ON md.workspace_id = s.workspace_id AND md.message_id = s.message_id
LEFT JOIN {schema}.genie_space_details AS sd ON sd.workspace_id = md.workspace_id AND sd.space_id = md.space_id
ORDER BY s.total_duration_ms DESC, s.workspace_id, s.statement_id;
