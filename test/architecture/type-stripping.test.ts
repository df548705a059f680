/**
 * Node runs the TypeScript sources directly by stripping their types (bin/tanfeeth.js,
 * `npm test`): every source file must strip into valid JavaScript. tsconfig's
 * erasableSyntaxOnly refuses enums and parameter properties at type-check time; this
 * also catches what it lets through (e.g. a method named `declare` with a modifier,
 * which the stripper reads as a field declaration).
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { test } from "node:test";

test("every TypeScript source strips into a valid ES module", () => {
  const files = execFileSync("git", ["ls-files", "src/*.ts", "test/*.ts", "bench/*.ts", "scripts/*.ts", "web/scripts/*.ts", "web/src/*.ts", "web/vite.config.ts", "bin/*.js"], { encoding: "utf8" })
    .split("\n")
    .filter((file) => file && !file.endsWith(".d.ts"));
  assert.ok(files.length > 300, `only ${files.length} files found`);
  // vm.SourceTextModule parses without running: behind a flag, so in a child of its own.
  const check = `
    const { stripTypeScriptTypes } = require("node:module");
    const { readFileSync } = require("node:fs");
    const { SourceTextModule } = require("node:vm");
    const bad = [];
    for (const file of JSON.parse(process.argv[1])) {
      try { new SourceTextModule(stripTypeScriptTypes(readFileSync(file, "utf8"))); }
      catch (error) { bad.push(file + ": " + String(error.message).split("\\n")[0]); }
    }
    process.stdout.write(JSON.stringify(bad));`;
  const bad = JSON.parse(execFileSync(process.execPath, ["--no-warnings", "--experimental-vm-modules", "-e", check, JSON.stringify(files)], { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 })) as string[];
  assert.deepEqual(bad, []);
});
