// Drives the emulator's Workspace API (/api/2.0/workspace) with the official Databricks JavaScript SDK: the request
// shapes the SDK sends (import body, export/get-status/list query strings) and the ObjectInfo, ExportResponse and
// error bodies it reads. Exits non-zero with the failed assertion when the emulator strays.
import assert from "node:assert/strict";
import { WorkspaceClient } from "@databricks/sdk-experimental";

const host = process.env.GENIE_EMULATOR_URL;
const token = process.env.GENIE_EMULATOR_TOKEN;
assert.ok(host && token, "GENIE_EMULATOR_URL and GENIE_EMULATOR_TOKEN must be set");
const w = new WorkspaceClient({ host, token, authType: "pat" });
const b64 = (text) => Buffer.from(text, "utf8").toString("base64");
const text = (content) => Buffer.from(content, "base64").toString("utf8");
const rejectsWith = (promise, status, code) =>
  assert.rejects(promise, (error) => {
    assert.equal(error.statusCode, status, error.message);
    assert.match(error.message, new RegExp(`"error_code":"${code}"`));
    return true;
  });

// get-status of a missing path, and of the seeded home folder.
await rejectsWith(w.workspace.getStatus({ path: "/Shared/contract" }), 404, "RESOURCE_DOES_NOT_EXIST");
const home = await w.workspace.getStatus({ path: "/Users/admin@example.com" });
assert.equal(home.object_type, "DIRECTORY");
assert.equal(home.path, "/Users/admin@example.com");
assert.equal(typeof home.object_id, "number");

// mkdirs creates every missing parent and is idempotent.
await w.workspace.mkdirs({ path: "/Shared/contract/nested/deeper" });
await w.workspace.mkdirs({ path: "/Shared/contract/nested/deeper" });
assert.equal((await w.workspace.getStatus({ path: "/Shared/contract/nested" })).object_type, "DIRECTORY");

// import: RAW and AUTO keep a plain file as a FILE at the given path; SOURCE + language makes a notebook;
// AUTO with a notebook header makes a notebook and drops the extension.
const sql = "SELECT 1;\n";
await w.workspace.import({ path: "/Shared/contract/pipeline.sql", format: "RAW", content: b64(sql) });
await w.workspace.import({ path: "/Shared/contract/auto.sql", format: "AUTO", content: b64(sql) });
await w.workspace.import({ path: "/Shared/contract/notebook", format: "SOURCE", language: "SQL", content: b64(sql) });
await w.workspace.import({ path: "/Shared/contract/sniffed.py", format: "AUTO", content: b64("# Databricks notebook source\nprint(1)\n") });

const file = await w.workspace.getStatus({ path: "/Shared/contract/pipeline.sql" });
assert.equal(file.object_type, "FILE");
assert.equal(file.size, Buffer.byteLength(sql));
assert.ok(file.created_at > 0 && file.modified_at >= file.created_at);
assert.equal(file.language, undefined, "files have no language");
assert.equal((await w.workspace.getStatus({ path: "/Shared/contract/auto.sql" })).object_type, "FILE");
const notebook = await w.workspace.getStatus({ path: "/Shared/contract/notebook" });
assert.equal(notebook.object_type, "NOTEBOOK");
assert.equal(notebook.language, "SQL");
const sniffed = await w.workspace.getStatus({ path: "/Shared/contract/sniffed" });
assert.equal(sniffed.object_type, "NOTEBOOK");
assert.equal(sniffed.language, "PYTHON");

// The /Workspace mount prefix names the same object and is echoed back.
const mounted = await w.workspace.getStatus({ path: "/Workspace/Shared/contract/pipeline.sql" });
assert.equal(mounted.object_id, file.object_id);
assert.equal(mounted.path, "/Workspace/Shared/contract/pipeline.sql");

// export: a file comes back byte for byte, a notebook as source with its header line.
const exported = await w.workspace.export({ path: "/Shared/contract/pipeline.sql", format: "SOURCE" });
assert.equal(text(exported.content), sql);
const source = await w.workspace.export({ path: "/Shared/contract/notebook", format: "SOURCE" });
assert.equal(text(source.content), "-- Databricks notebook source\n" + sql);
await rejectsWith(w.workspace.export({ path: "/Shared/contract/missing.sql", format: "SOURCE" }), 404, "RESOURCE_DOES_NOT_EXIST");

// import errors: an existing path without overwrite, a missing parent folder; overwrite replaces in place.
await rejectsWith(w.workspace.import({ path: "/Shared/contract/pipeline.sql", format: "RAW", content: b64("x") }), 400, "RESOURCE_ALREADY_EXISTS");
await rejectsWith(w.workspace.import({ path: "/Shared/absent/pipeline.sql", format: "RAW", content: b64("x") }), 404, "RESOURCE_DOES_NOT_EXIST");
await w.workspace.import({ path: "/Shared/contract/pipeline.sql", format: "RAW", content: b64("SELECT 2;\n"), overwrite: true });
assert.equal(text((await w.workspace.export({ path: "/Shared/contract/pipeline.sql" })).content), "SELECT 2;\n");
assert.equal((await w.workspace.getStatus({ path: "/Shared/contract/pipeline.sql" })).object_id, file.object_id, "overwrite keeps the object");

// mkdirs over a file fails.
await rejectsWith(w.workspace.mkdirs({ path: "/Shared/contract/pipeline.sql/sub" }), 400, "RESOURCE_ALREADY_EXISTS");

// list: the folder's children sorted by path (the SDK pages through "objects").
const listed = [];
for await (const item of w.workspace.list({ path: "/Shared/contract" })) listed.push(`${item.object_type} ${item.path}`);
assert.deepEqual(listed, [
  "FILE /Shared/contract/auto.sql",
  "DIRECTORY /Shared/contract/nested",
  "NOTEBOOK /Shared/contract/notebook",
  "FILE /Shared/contract/pipeline.sql",
  "NOTEBOOK /Shared/contract/sniffed",
]);
const empty = [];
for await (const item of w.workspace.list({ path: "/Shared/contract/nested/deeper" })) empty.push(item);
assert.deepEqual(empty, []);

// delete: a non-empty folder needs recursive; a deleted path is gone.
await rejectsWith(w.workspace.delete({ path: "/Shared/contract/nested" }), 400, "DIRECTORY_NOT_EMPTY");
await w.workspace.delete({ path: "/Shared/contract/pipeline.sql" });
await rejectsWith(w.workspace.getStatus({ path: "/Shared/contract/pipeline.sql" }), 404, "RESOURCE_DOES_NOT_EXIST");
await w.workspace.delete({ path: "/Shared/contract", recursive: true });
await rejectsWith(w.workspace.getStatus({ path: "/Shared/contract/nested/deeper" }), 404, "RESOURCE_DOES_NOT_EXIST");
await rejectsWith(w.workspace.delete({ path: "/Shared/contract" }), 404, "RESOURCE_DOES_NOT_EXIST");

console.log("WORKSPACE CONTRACT OK");
