// Drives the emulator's Genie API with the official Databricks JavaScript SDK (its own HTTP, paging types, error
// parsing and retry logic). Exits non-zero with the failed assertion when the emulator strays from what the SDK expects.
import assert from "node:assert/strict";
import { WorkspaceClient } from "@databricks/sdk-experimental";

const host = process.env.GENIE_EMULATOR_URL;
const token = process.env.GENIE_EMULATOR_TOKEN;
assert.ok(host && token, "GENIE_EMULATOR_URL and GENIE_EMULATOR_TOKEN must be set");
const w = new WorkspaceClient({ host, token, authType: "pat" });

async function control(path, body) {
  const response = await fetch(`${host}/_emulator/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  assert.ok(response.ok, `control ${path}: HTTP ${response.status}`);
}

// Paging: the SDK's page_size/page_token request and next_page_token response fields.
const ids = [];
let page = await w.genie.listSpaces({ page_size: 2 });
let pages = 1;
ids.push(...page.spaces.map((s) => s.space_id));
while (page.next_page_token) {
  page = await w.genie.listSpaces({ page_size: 2, page_token: page.next_page_token });
  ids.push(...page.spaces.map((s) => s.space_id));
  pages++;
}
assert.deepEqual(ids.sort(), ["s1", "s2", "s3", "s4", "s5"]);
assert.equal(pages, 3);

const space = await w.genie.getSpace({ space_id: "s1" });
assert.equal(space.title, "Sales");
assert.equal(space.warehouse_id, "w1");
// SDK 0.17.0 has no include_serialized_space: a plain GET carries neither the configuration nor its etag (contract 2026 §5).
assert.equal(space.etag, undefined, "etag only beside serialized_space");
assert.ok(!Number.isNaN(Date.parse(space.create_time)), "create_time is RFC 3339");
assert.equal(space.serialized_space, undefined, "serialized_space only when asked for");

const message = await w.genie.getMessage({ space_id: "s1", conversation_id: "c1", message_id: "m1" });
assert.equal(message.message_id, "m1");
assert.equal(message.status, "COMPLETED");
assert.equal(message.created_timestamp, 1732600000000);
assert.equal(message.attachments[0].query.statement_id, "st1");
assert.equal(message.attachments[0].query.query, "SELECT 1");

// Conversation and message lists (contract-2026 §1, §2), paged. The SDK's GenieConversationSummary has no agent_type.
const conversationIds = [];
let conversations = await w.genie.listConversations({ space_id: "s1", include_all: true, page_size: 2 });
let conversationPages = 1;
conversationIds.push(...conversations.conversations.map((c) => c.conversation_id));
assert.ok(conversations.conversations.every((c) => typeof c.created_timestamp === "number"));
while (conversations.next_page_token) {
  conversations = await w.genie.listConversations({ space_id: "s1", include_all: true, page_size: 2, page_token: conversations.next_page_token });
  conversationIds.push(...conversations.conversations.map((c) => c.conversation_id));
  conversationPages++;
}
assert.deepEqual(conversationIds.sort(), ["c1", "c2", "c3"]);
assert.equal(conversationPages, 2);
const messageIds = [];
let messages = await w.genie.listConversationMessages({ space_id: "s1", conversation_id: "c1", page_size: 2 });
messageIds.push(...messages.messages.map((m) => m.message_id));
while (messages.next_page_token) {
  messages = await w.genie.listConversationMessages({ space_id: "s1", conversation_id: "c1", page_size: 2, page_token: messages.next_page_token });
  messageIds.push(...messages.messages.map((m) => m.message_id));
}
assert.deepEqual(messageIds, ["m1", "m2", "m3"]);

// Error bodies. SDK 0.17.0 parses error_code only when every details[] entry has a "metadata" object (apierr.js
// builds a Map from it); a RequestInfo detail, as Databricks and this emulator send it, has none, so the SDK falls
// back to the status text and keeps the raw body in the message. Both the status and the body must still arrive.
await assert.rejects(w.genie.getMessage({ space_id: "s1", conversation_id: "c1", message_id: "missing" }), (error) => {
  assert.equal(error.statusCode, 404);
  assert.match(error.message, /"error_code":"RESOURCE_DOES_NOT_EXIST"/);
  assert.match(error.message, /google\.rpc\.RequestInfo/);
  return true;
});

// Throttling: the SDK retries the emulator's 429 (with Retry-After) and then succeeds.
await control("faults", { method: "GET", pathPattern: "^/api/2.0/genie/spaces/s2$", status: 429, retryAfterSeconds: 1, times: 1 });
const retried = await w.genie.getSpace({ space_id: "s2" });
assert.equal(retried.space_id, "s2");
const log = await (await fetch(`${host}/_emulator/requests`)).json();
assert.deepEqual(log.filter((r) => r.path === "/api/2.0/genie/spaces/s2").map((r) => r.status), [429, 200]);

// Query History (contract-2026 §6): filter_by in dot notation with repeated statement_ids, include_metrics, max_results
// and paging; the SDK flattens the filter itself and URL-encodes the page token (which holds '+' here).
const seen = [];
let history = await w.queryHistory.list({ filter_by: { statement_ids: ["st1", "st2", "st3", "st-unknown"] }, include_metrics: true, max_results: 2 });
let historyPages = 1;
seen.push(...history.res);
while (history.has_next_page) {
  assert.ok(history.next_page_token.includes("+"), "the emulator's tokens hold '+'");
  history = await w.queryHistory.list({ filter_by: { statement_ids: ["st1", "st2", "st3", "st-unknown"] }, include_metrics: true, max_results: 2, page_token: history.next_page_token });
  seen.push(...history.res);
  historyPages++;
}
assert.equal(historyPages, 2);
assert.deepEqual(seen.map((q) => q.query_id).sort(), ["st1", "st2", "st3"]);
const st1 = seen.find((q) => q.query_id === "st1");
assert.equal(st1.status, "FINISHED");
assert.equal(st1.warehouse_id, "w1");
assert.equal(st1.metrics.total_time_ms, 1200);
assert.equal(st1.metrics.read_bytes, 4096);
const withoutMetrics = await w.queryHistory.list({ filter_by: { statement_ids: ["st1"] } });
assert.equal(withoutMetrics.res.length, 1);
assert.equal(withoutMetrics.res[0].metrics, undefined, "metrics only with include_metrics=true");
await assert.rejects(w.queryHistory.list({ max_results: 1000 }), (error) => error.statusCode === 400);

// Feedback, with the SDK's own model (GenieSendMessageFeedbackRequest: rating only in 0.17.0): stored on the message.
await w.genie.sendMessageFeedback({ space_id: "s1", conversation_id: "c1", message_id: "m1", rating: "NEGATIVE" });
const rated = await w.genie.getMessage({ space_id: "s1", conversation_id: "c1", message_id: "m1" });
assert.equal(rated.feedback.rating, "NEGATIVE");
await assert.rejects(w.genie.sendMessageFeedback({ space_id: "s1", conversation_id: "c1", message_id: "missing", rating: "POSITIVE" }), (error) => error.statusCode === 404);

// Comments and evaluation runs: SDK 0.17.0 has no model or method for them (added in databricks-sdk-go v0.127.0),
// so its ApiClient (auth, error parsing, retries) drives the routes, with the field names of sdk-go v0.175.0.
const raw = (path, method = "GET", query = {}, payload = undefined) =>
  w.apiClient.request({ path, method, headers: new Headers({ Accept: "application/json", "Content-Type": "application/json" }), raw: false, query, payload });
const genie = "/api/2.0/genie/spaces/s1";
const created = await raw(`${genie}/conversations/c1/messages/m1/comments`, "POST", {}, { content: "Wrong region" });
assert.equal(typeof created.message_comment_id, "string");
assert.deepEqual([created.space_id, created.conversation_id, created.message_id, created.content], ["s1", "c1", "m1", "Wrong region"]);
assert.equal(typeof created.created_timestamp, "number");
await raw(`${genie}/conversations/c1/messages/m1/comments`, "POST", {}, { content: "Please check" });
const firstComments = await raw(`${genie}/conversations/c1/messages/m1/comments`, "GET", { page_size: 1 });
assert.equal(firstComments.comments.length, 1);
const restComments = await raw(`${genie}/conversations/c1/messages/m1/comments`, "GET", { page_size: 1, page_token: firstComments.next_page_token });
assert.deepEqual([...firstComments.comments, ...restComments.comments].map((c) => c.content), ["Wrong region", "Please check"]);
assert.equal(restComments.next_page_token, undefined);
const conversationComments = await raw(`${genie}/conversations/c1/list-comments`);
assert.equal(conversationComments.comments.length, 2);

const runs = await raw(`${genie}/eval-runs`, "GET", { page_size: 100 });
assert.deepEqual(runs.eval_runs.map((r) => [r.eval_run_id, r.eval_run_status, r.num_questions, r.num_correct]), [["run-1", "DONE", 2, 1]]);
const run = await raw(`${genie}/eval-runs/run-1`);
assert.equal(run.num_needs_review, 0);
const results = await raw(`${genie}/eval-runs/run-1/results`, "GET", { page_size: 1 });
assert.equal(results.eval_results.length, 1);
assert.ok(results.next_page_token, "a second page of results");
assert.equal(results.eval_results[0].assessment, undefined, "the list has no assessment");
const details = await raw(`${genie}/eval-runs/run-1/results/r2`);
assert.deepEqual([details.assessment, details.assessment_reasons, details.eval_run_status], ["BAD", ["RESULT_MISSING_ROWS"], "DONE"]);
await assert.rejects(raw(`${genie}/eval-runs/missing`), (error) => error.statusCode === 404);
const started = await raw(`${genie}/eval-runs`, "POST", {}, { benchmark_question_ids: ["b1"] });
assert.equal(started.eval_run_status, "RUNNING");

// Unity Catalog table by full name (the promotion pre-flight): found case-insensitively, each missing level a 404.
const sql = async (statement) => {
  const response = await w.statementExecution.executeStatement({ statement, warehouse_id: "w1", wait_timeout: "30s" });
  assert.equal(response.status.state, "SUCCEEDED", JSON.stringify(response.status));
};
await sql("CREATE SCHEMA IF NOT EXISTS main.genie_contract");
await sql("CREATE TABLE IF NOT EXISTS main.genie_contract.orders (id INT)");
const table = await w.tables.get({ full_name: "main.genie_contract.ORDERS" });
assert.equal(table.full_name, "main.genie_contract.orders");
assert.equal(table.table_type, "MANAGED");
for (const [name, code] of [["main.genie_contract.nope", "TABLE_DOES_NOT_EXIST"], ["main.absent.orders", "SCHEMA_DOES_NOT_EXIST"], ["prod.genie_contract.orders", "CATALOG_DOES_NOT_EXIST"]]) {
  await assert.rejects(w.tables.get({ full_name: name }), (error) => {
    assert.equal(error.statusCode, 404);
    assert.match(error.message, new RegExp(`"error_code":"${code}"`));
    return true;
  });
}

await w.genie.trashSpace({ space_id: "s5" });
await assert.rejects(w.genie.getSpace({ space_id: "s5" }), (error) => error.statusCode === 404);

console.log("CONTRACT OK");
