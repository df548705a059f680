/**
 * The layering rules (.dependency-cruiser.cjs, run over the real tree by `npm run
 * check:layers` in CI) fail on deliberate violations: a miniature tree with one offence per
 * rule is cruised with the project's own rule set, and each offence is named by its rule.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { cruise, type IForbiddenRuleType, type IViolation } from "dependency-cruiser";

const require = createRequire(import.meta.url);
const config = require("../../.dependency-cruiser.cjs") as { forbidden: IForbiddenRuleType[] };

/** file → its imports; each file's import is one offence (or, for the allowed ones, none). */
const tree: Record<string, string[]> = {
  "src/domain/money.ts": [],
  "src/domain/leaks-storage.ts": ["../storage/db.ts"],
  "src/domain/reads-files.ts": ["node:fs"],
  "src/domain/hashes.ts": ["node:crypto"],
  "src/storage/db.ts": ["../domain/money.ts"],
  "src/storage/takes-from-app.ts": ["../app/use-case.ts"],
  "src/app/use-case.ts": ["../domain/money.ts", "../storage/db.ts"],
  "src/app/calls-http.ts": ["../http/route.ts"],
  "src/app/calls-transport.ts": ["../agencies/hub/inbound.ts"],
  "src/http/route.ts": ["../app/use-case.ts", "../identity/index.ts"],
  "src/http/reaches-inside.ts": ["../identity/idp/provider.ts"],
  "src/identity/index.ts": ["./idp/provider.ts"],
  "src/identity/idp/provider.ts": ["../../app/use-case.ts"],
  "src/agencies/hub/inbound.ts": ["../../app/use-case.ts"],
  "src/agencies/imports-worker.ts": ["../jobs/worker.ts"],
  "src/jobs/worker.ts": ["../app/use-case.ts", "../agencies/hub/inbound.ts"],
  "src/lib/html.ts": [],
  "src/lib/needs-app.ts": ["../app/use-case.ts"],
  "src/app/cycle-a.ts": ["./cycle-b.ts"],
  "src/app/cycle-b.ts": ["./cycle-a.ts"],
  "web/src/page.ts": ["../../src/domain/money.ts"],
  "web/src/reaches-app.ts": ["../../src/app/use-case.ts"],
};

let dir: string;
let violations: IViolation[];
const offences = (rule: string) => violations.filter((violation) => violation.rule.name === rule).map((violation) => `${violation.from} → ${violation.to}`).sort();

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "tanfeeth-layering-"));
  for (const [file, imports] of Object.entries(tree)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), imports.map((target) => `import "${target}";\n`).join("") + "export const x = 1;\n");
  }
  const result = await cruise(["src", "web"], { baseDir: dir, ruleSet: { forbidden: config.forbidden }, validate: true, doNotFollow: { path: "node_modules" } });
  assert.equal(typeof result.output, "object");
  violations = typeof result.output === "object" ? result.output.summary.violations : [];
});
after(() => rm(dir, { recursive: true, force: true }));

describe("the layering rules fail on deliberate violations", () => {
  test("the domain imports nothing outside itself and no I/O (crypto allowed)", () => {
    assert.deepEqual(offences("domain-is-pure"), ["src/domain/leaks-storage.ts → src/storage/db.ts"]);
    assert.deepEqual(offences("domain-has-no-io"), ["src/domain/reads-files.ts → fs"]);
  });
  test("use cases import no HTTP and no agency transport; storage takes nothing from them", () => {
    assert.deepEqual(offences("app-below-adapters"), ["src/app/calls-http.ts → src/http/route.ts", "src/app/calls-transport.ts → src/agencies/hub/inbound.ts"]);
    assert.deepEqual(offences("storage-below-app"), ["src/storage/takes-from-app.ts → src/app/use-case.ts"]);
  });
  test("adapters reach each other only through index.ts; only composition imports the worker", () => {
    assert.deepEqual(offences("adapters-not-each-others-internals"), ["src/http/reaches-inside.ts → src/identity/idp/provider.ts"]);
    assert.deepEqual(offences("composition-on-top"), ["src/agencies/imports-worker.ts → src/jobs/worker.ts"]);
  });
  test("lib is a leaf; web reads only itself and the domain; no cycles", () => {
    assert.deepEqual(offences("lib-is-a-leaf"), ["src/lib/needs-app.ts → src/app/use-case.ts"]);
    assert.deepEqual(offences("web-reads-only-itself-and-the-pure-domain"), ["web/src/reaches-app.ts → src/app/use-case.ts"]);
    // A cycle is reported once, from where it is first met.
    assert.deepEqual(offences("no-circular"), ["src/app/cycle-a.ts → src/app/cycle-b.ts"]);
  });
  test("nothing else is flagged: the allowed imports of the miniature tree pass", () => {
    const named = new Set(["domain-is-pure", "domain-has-no-io", "app-below-adapters", "storage-below-app", "adapters-not-each-others-internals", "composition-on-top", "lib-is-a-leaf", "web-reads-only-itself-and-the-pure-domain", "no-circular"]);
    assert.deepEqual(violations.filter((violation) => !named.has(violation.rule.name)), []);
    assert.equal(violations.length, 10);
  });
});
