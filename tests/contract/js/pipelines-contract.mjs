// Drives the emulator's Pipelines API (create, get, edit, list with filter and paging, delete), the Unity Catalog
// schema and table reads and SCIM Me with the official Databricks JavaScript SDK: what Install-GeniePipeline and the
// refresh use. Exits non-zero with the failed assertion when the emulator strays.
import assert from "node:assert/strict";
import { WorkspaceClient } from "@databricks/sdk-experimental";

const host = process.env.GENIE_EMULATOR_URL;
const token = process.env.GENIE_EMULATOR_TOKEN;
assert.ok(host && token, "GENIE_EMULATOR_URL and GENIE_EMULATOR_TOKEN must be set");
const w = new WorkspaceClient({ host, token, authType: "pat" });
const rejectsWith = (promise, status, code) =>
  assert.rejects(promise, (error) => {
    assert.equal(error.statusCode, status, error.message);
    if (code) assert.match(error.message, new RegExp(`"error_code":"${code}"`));
    return true;
  });
const all = async (iterable) => {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
};

// Current user: the home folder a default install path lives in.
const me = await w.currentUser.me();
assert.equal(me.userName, "admin@example.com");

// Create: the response names the pipeline; GET returns the spec with the service's defaults added.
const settings = {
  name: "Contract pipeline (main.contract)",
  catalog: "main",
  schema: "contract",
  serverless: true,
  continuous: false,
  libraries: [{ file: { path: "/Workspace/Users/admin@example.com/GenieObservability/pipeline.sql" } }],
  configuration: { "genie.workspace_ids": "", "genie.days_lookback": "90" },
};
const created = await w.pipelines.create(settings);
assert.equal(typeof created.pipeline_id, "string");
const got = await w.pipelines.get({ pipeline_id: created.pipeline_id });
assert.equal(got.pipeline_id, created.pipeline_id);
assert.equal(got.name, settings.name);
assert.equal(got.state, "IDLE");
assert.equal(typeof got.last_modified, "number");
assert.equal(got.spec.id, created.pipeline_id);
assert.equal(got.spec.catalog, "main");
assert.equal(got.spec.schema, "contract");
assert.equal(got.spec.serverless, true);
assert.equal(got.spec.continuous, false);
assert.deepEqual(got.spec.libraries, settings.libraries);
assert.deepEqual(got.spec.configuration, settings.configuration);
assert.equal(got.spec.channel, "CURRENT");

// dry_run creates nothing; a taken name is refused unless allow_duplicate_names.
const dry = await w.pipelines.create({ ...settings, name: "Dry", dry_run: true });
assert.equal(dry.pipeline_id, undefined);
assert.equal(dry.effective_settings.name, "Dry");
await rejectsWith(w.pipelines.create(settings), 400, "INVALID_PARAMETER_VALUE");
const twin = await w.pipelines.create({ ...settings, allow_duplicate_names: true });
await rejectsWith(w.pipelines.create({ ...settings, name: "Bad", schema: "main.contract" }), 400, "INVALID_PARAMETER_VALUE");

// Edit is a whole-spec PUT: what the body leaves out is gone; a stale expected_last_modified is refused.
await w.pipelines.update({ pipeline_id: created.pipeline_id, ...got.spec, configuration: { "genie.workspace_ids": "123" }, expected_last_modified: got.last_modified });
const edited = await w.pipelines.get({ pipeline_id: created.pipeline_id });
assert.deepEqual(edited.spec.configuration, { "genie.workspace_ids": "123" });
assert.ok(edited.last_modified > got.last_modified);
await rejectsWith(w.pipelines.update({ pipeline_id: created.pipeline_id, ...edited.spec, expected_last_modified: got.last_modified }), 409, "ABORTED");

// List: name LIKE with wildcards, paging through next_page_token, max_results above 100 refused.
for (let i = 0; i < 5; i++) await w.pipelines.create({ name: `Paged ${i}`, catalog: "main", schema: `paged_${i}` });
const paged = await all(w.pipelines.listPipelines({ filter: "name LIKE 'Paged%'", max_results: 2 }));
assert.deepEqual(paged.map((p) => p.name).sort(), ["Paged 0", "Paged 1", "Paged 2", "Paged 3", "Paged 4"]);
const exact = await all(w.pipelines.listPipelines({ filter: "name LIKE 'Contract pipeline (main.contract)'" }));
assert.deepEqual(exact.map((p) => p.pipeline_id).sort(), [created.pipeline_id, twin.pipeline_id].sort());
assert.equal(exact[0].state, "IDLE");
assert.equal(exact[0].spec, undefined, "list does not return specs");
await rejectsWith(w.pipelines._listPipelines({ max_results: 101 }), 400, "INVALID_PARAMETER_VALUE");

// Delete, then the pipeline is gone.
await w.pipelines.delete({ pipeline_id: twin.pipeline_id });
await rejectsWith(w.pipelines.get({ pipeline_id: twin.pipeline_id }), 404, "RESOURCE_DOES_NOT_EXIST");
await rejectsWith(w.pipelines.delete({ pipeline_id: twin.pipeline_id }), 404, "RESOURCE_DOES_NOT_EXIST");

// Unity Catalog: a schema and its tables (created through the SQL warehouse), missing ones as 404s.
await rejectsWith(w.schemas.get({ full_name: "main.uc_contract" }), 404, "SCHEMA_DOES_NOT_EXIST");
await rejectsWith(w.schemas.get({ full_name: "nope.uc_contract" }), 404, "CATALOG_DOES_NOT_EXIST");
const sql = async (statement) => {
  const response = await w.statementExecution.executeStatement({ statement, warehouse_id: "w1", wait_timeout: "30s" });
  assert.equal(response.status.state, "SUCCEEDED", JSON.stringify(response.status));
};
await sql("CREATE SCHEMA IF NOT EXISTS main.uc_contract");
for (const table of ["b_table", "a_table", "c_table"]) await sql(`CREATE TABLE IF NOT EXISTS main.uc_contract.${table} (id INT)`);
const schema = await w.schemas.get({ full_name: "main.uc_contract" });
assert.equal(schema.full_name, "main.uc_contract");
const tables = await all(w.tables.list({ catalog_name: "main", schema_name: "uc_contract", max_results: 2 }));
assert.deepEqual(tables.map((t) => t.full_name), ["main.uc_contract.a_table", "main.uc_contract.b_table", "main.uc_contract.c_table"]);
assert.equal(tables[0].table_type, "MANAGED");
await rejectsWith(all(w.tables.list({ catalog_name: "main", schema_name: "absent" })), 404, "SCHEMA_DOES_NOT_EXIST");

console.log("PIPELINES CONTRACT OK");
