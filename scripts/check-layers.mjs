/**
 * The layering check run by CI (.ci/run → `npm run check:layers`): the rules of
 * .dependency-cruiser.cjs over src/ and web/src, then the same graph collapsed to top-level
 * folders (src/app, src/storage, …) checked for cycles. Exits 1 on any violation, naming it.
 *
 * TypeScript is parsed twice: with swc (complete for .ts, type-only imports and re-exports
 * included) over src/ and web's .ts files, and with dependency-cruiser's own tolerant parser
 * for .tsx (swc as dependency-cruiser drives it has no JSX). The project's TypeScript 7 has no
 * compiler API for dependency-cruiser to use.
 */
import { createRequire } from "node:module";
import { cruise } from "dependency-cruiser";

const require = createRequire(import.meta.url);
/** @type {{ forbidden: import("dependency-cruiser").IForbiddenRuleType[]; options: import("dependency-cruiser").ICruiseOptions }} */
const config = require("../.dependency-cruiser.cjs");
const roots = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const targets = roots.length > 0 ? roots : ["src", "web/src"];

/**
 * @param {string} label
 * @param {string[]} files
 * @param {import("dependency-cruiser").ICruiseOptions} options
 * @returns {Promise<import("dependency-cruiser").IViolation[]>}
 */
async function run(label, files, options) {
  const result = await cruise(files, { ...config.options, ...options, ruleSet: { forbidden: config.forbidden, ...(options.ruleSet ?? {}) }, validate: true });
  if (typeof result.output === "string") throw new Error(result.output);
  const { summary } = result.output;
  console.log(`${label}: ${summary.totalCruised} modules, ${summary.totalDependenciesCruised} dependencies, ${summary.violations.length} violation(s)`);
  return summary.violations;
}

/** @type {import("dependency-cruiser").IViolation[]} */
const violations = [];
const excluded = /** @type {{ path: string }} */ (config.options.exclude).path;
violations.push(...(await run("typescript (swc)", targets, { parser: "swc", exclude: { path: `${excluded}|\\.tsx$` } })));
violations.push(...(await run("tsx (tolerant parser)", targets.filter((target) => target.startsWith("web")), { includeOnly: { path: "\\.tsx$|^web/" } })));
const folderCycles = await run("folders (collapsed to src/<folder>)", targets, {
  parser: "swc",
  exclude: { path: `${excluded}|\\.tsx$` },
  collapse: "^(src|web)/[^/]+",
  ruleSet: { forbidden: [{ name: "no-folder-cycles", severity: "error", from: {}, to: { circular: true } }] },
});
violations.push(...folderCycles);

const seen = new Set();
for (const violation of violations) {
  const key = `${violation.rule.name} ${violation.from} ${violation.to}`;
  if (seen.has(key)) continue;
  seen.add(key);
  const cycle = violation.cycle?.length ? `  (cycle: ${violation.cycle.map((step) => (typeof step === "string" ? step : step.name)).join(" → ")})` : "";
  console.log(`  ✗ ${violation.rule.name}: ${violation.from} → ${violation.to}${cycle}`);
}
if (seen.size > 0) {
  console.log(`layering: ${seen.size} violation(s)`);
  process.exit(1);
}
console.log("layering: no violations");
