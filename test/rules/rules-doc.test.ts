/**
 * docs/rules.md is generated from the rule set (`npm run gen:rules`): the checked-in file must
 * be exactly what the rule set makes, so a rule changed without its page fails here. And the
 * page lists every rule of every version with its source, confidence and effective date.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { rulesDocFile } from "../../scripts/gen-rules.ts";
import { kuwaitRules, ruleCatalogue, rulesMarkdown, type RulePath, type RuleValues } from "../../src/domain/rules/index.ts";
import { rulePaths } from "../../src/domain/rules/sources.ts";

test("docs/rules.md is current with the rule set (run npm run gen:rules)", async () => {
  const checkedIn = await readFile(rulesDocFile, "utf8");
  assert.equal(checkedIn, rulesMarkdown(kuwaitRules), "docs/rules.md is out of date: run npm run gen:rules");
});

test("every rule of every version is listed with its source kind, confidence and effective date; the counts add up", () => {
  const page = rulesMarkdown(kuwaitRules);
  for (const version of kuwaitRules) {
    const catalogue = ruleCatalogue(kuwaitRules, version);
    const paths = rulePaths<RuleValues, RulePath>(version.values);
    assert.deepEqual(catalogue.entries.map((entry) => entry.path), paths);
    const { law, resolution, policy } = catalogue.countsBySource;
    assert.equal(law + resolution + policy, paths.length);
    assert.ok(law > 0 && policy > 0);
    for (const entry of catalogue.entries) {
      assert.match(entry.confidence, /^[HMLU]$/);
      assert.match(entry.effectiveFrom, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(entry.effectiveFrom <= version.effectiveFrom);
      assert.ok(entry.text.length > 0, entry.path);
      assert.ok(page.includes(`| \`${entry.path}\` |`), entry.path);
    }
    assert.ok(page.includes(`${paths.length} rules: ${law} from the law, ${resolution} from resolutions, ${policy} department policy.`));
  }
});

test("a rule carries the date of the version that set it: service.whenUnrecorded since kw-2025.2, the travel-ban minimum since kw-2025.1", () => {
  const latest = kuwaitRules.at(-1)!;
  const catalogue = ruleCatalogue(kuwaitRules, latest);
  const service = catalogue.entries.find((entry) => entry.path === "service.whenUnrecorded")!;
  assert.deepEqual([service.value, service.kind, service.effectiveFrom, service.sinceVersion], ["fail", "law", "2026-12-08", "kw-2025.2"]);
  const minimum = catalogue.entries.find((entry) => entry.path === "travelBan.minimumOutstanding")!;
  assert.deepEqual([minimum.value, minimum.kind, minimum.confidence, minimum.effectiveFrom], ["KD 150.000", "policy", "L", "2025-01-01"]);
  assert.equal(minimum.reference, null);
});
