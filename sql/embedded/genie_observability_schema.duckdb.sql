-- GenieObservability persisted tables for the embedded DuckDB file (no catalog level). The same DDL Install-GenieObservabilitySchema runs.

CREATE SCHEMA IF NOT EXISTS genie_analytics;

CREATE TABLE IF NOT EXISTS genie_analytics.message_details (
  workspace_id VARCHAR NOT NULL,
  workspace_name VARCHAR,
  workspace_url VARCHAR,
  space_id VARCHAR,
  space_name VARCHAR,
  conversation_id VARCHAR,
  message_id VARCHAR NOT NULL,
  user_id BIGINT,
  user_email VARCHAR,
  content VARCHAR,
  status VARCHAR,
  created_timestamp TIMESTAMP,
  last_updated_timestamp TIMESTAMP,
  query_sql VARCHAR,
  query_description VARCHAR,
  statement_id VARCHAR,
  attachments_json VARCHAR,
  attachment_count INTEGER,
  message_error_type VARCHAR,
  message_error VARCHAR,
  feedback_rating VARCHAR,
  audit_event_time TIMESTAMP,
  ingestion_batch_id VARCHAR,
  ingestion_timestamp TIMESTAMP,
  first_ingested_at TIMESTAMP,
  PRIMARY KEY (workspace_id, message_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.message_fetch_errors (
  workspace_id VARCHAR NOT NULL,
  workspace_url VARCHAR,
  space_id VARCHAR,
  conversation_id VARCHAR,
  message_id VARCHAR NOT NULL,
  error_type VARCHAR,
  http_status INTEGER,
  error_code VARCHAR,
  error_message VARCHAR,
  retry_count INTEGER,
  first_failed_at TIMESTAMP,
  last_attempt_at TIMESTAMP,
  resolved BOOLEAN,
  resolved_at TIMESTAMP,
  ingestion_batch_id VARCHAR,
  failure_scope VARCHAR,
  PRIMARY KEY (workspace_id, message_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.genie_space_details (
  workspace_id VARCHAR NOT NULL,
  workspace_url VARCHAR,
  space_id VARCHAR NOT NULL,
  title VARCHAR,
  description VARCHAR,
  warehouse_id VARCHAR,
  parent_path VARCHAR,
  etag VARCHAR,
  create_time TIMESTAMP,
  update_time TIMESTAMP,
  serialized_space VARCHAR,
  content_hash VARCHAR,
  api_fetch_status VARCHAR,
  api_fetch_error VARCHAR,
  last_success_at TIMESTAMP,
  ingestion_batch_id VARCHAR,
  ingestion_timestamp TIMESTAMP,
  deleted_at TIMESTAMP,
  PRIMARY KEY (workspace_id, space_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.genie_ingestion_runs (
  run_id VARCHAR NOT NULL,
  run_type VARCHAR,
  mode VARCHAR,
  window_start TIMESTAMP,
  window_end TIMESTAMP,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  status VARCHAR,
  bronze_rows BIGINT,
  silver_rows BIGINT,
  messages_fetched BIGINT,
  messages_stored BIGINT,
  messages_failed BIGINT,
  details_json VARCHAR,
  error VARCHAR,
  PRIMARY KEY (run_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.message_query_metrics (
  workspace_id VARCHAR NOT NULL,
  statement_id VARCHAR NOT NULL,
  workspace_url VARCHAR,
  space_id VARCHAR,
  conversation_id VARCHAR,
  message_id VARCHAR,
  status VARCHAR,
  total_duration_ms BIGINT,
  execution_duration_ms BIGINT,
  compilation_duration_ms BIGINT,
  queue_duration_ms BIGINT,
  rows_produced BIGINT,
  bytes_read BIGINT,
  from_result_cache BOOLEAN,
  warehouse_id VARCHAR,
  error_message VARCHAR,
  start_time TIMESTAMP,
  end_time TIMESTAMP,
  metrics_source VARCHAR,
  availability VARCHAR,
  attempts INTEGER,
  first_looked_up_at TIMESTAMP,
  last_looked_up_at TIMESTAMP,
  ingestion_batch_id VARCHAR,
  PRIMARY KEY (workspace_id, statement_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.message_comments (
  workspace_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  message_comment_id VARCHAR NOT NULL,
  space_id VARCHAR,
  conversation_id VARCHAR,
  content VARCHAR,
  user_id BIGINT,
  created_timestamp TIMESTAMP,
  ingestion_batch_id VARCHAR,
  ingestion_timestamp TIMESTAMP,
  PRIMARY KEY (workspace_id, message_id, message_comment_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.message_feedback (
  workspace_id VARCHAR NOT NULL,
  message_id VARCHAR NOT NULL,
  space_id VARCHAR,
  conversation_id VARCHAR,
  feedback_rating VARCHAR,
  feedback_comment VARCHAR,
  comment_count INTEGER,
  last_feedback_event_time TIMESTAMP,
  refreshed_at TIMESTAMP,
  ingestion_batch_id VARCHAR,
  PRIMARY KEY (workspace_id, message_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.genie_space_eval_runs (
  workspace_id VARCHAR NOT NULL,
  space_id VARCHAR NOT NULL,
  eval_run_id VARCHAR NOT NULL,
  workspace_url VARCHAR,
  eval_run_status VARCHAR,
  is_finished BOOLEAN,
  num_questions BIGINT,
  num_correct BIGINT,
  num_needs_review BIGINT,
  num_done BIGINT,
  run_by_user BIGINT,
  created_timestamp TIMESTAMP,
  last_updated_timestamp TIMESTAMP,
  results_stored INTEGER,
  ingestion_batch_id VARCHAR,
  ingestion_timestamp TIMESTAMP,
  PRIMARY KEY (workspace_id, space_id, eval_run_id)
);

CREATE TABLE IF NOT EXISTS genie_analytics.genie_space_eval_results (
  workspace_id VARCHAR NOT NULL,
  space_id VARCHAR NOT NULL,
  eval_run_id VARCHAR NOT NULL,
  result_id VARCHAR NOT NULL,
  benchmark_question_id VARCHAR,
  question VARCHAR,
  benchmark_answer VARCHAR,
  status VARCHAR,
  assessment VARCHAR,
  assessment_reasons VARCHAR,
  manual_assessment BOOLEAN,
  created_by_user BIGINT,
  actual_response_json VARCHAR,
  expected_response_json VARCHAR,
  ingestion_batch_id VARCHAR,
  ingestion_timestamp TIMESTAMP,
  PRIMARY KEY (workspace_id, space_id, eval_run_id, result_id)
);
