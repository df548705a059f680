/**
 * docs/rules.md, generated from the rule set (src/domain/rules/rule-set.ts): every rule of
 * every version with its source, text or reason, confidence and effective date, and the
 * counts by source. `npm run gen:rules` rewrites it; test/rules/rules-doc.test.ts fails when
 * the checked-in file is not what this makes.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { kuwaitRules, rulesMarkdown } from "../src/domain/rules/index.ts";

export const rulesDocFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/rules.md");

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await writeFile(rulesDocFile, rulesMarkdown(kuwaitRules));
  process.stdout.write(`wrote ${path.relative(process.cwd(), rulesDocFile)}\n`);
}
