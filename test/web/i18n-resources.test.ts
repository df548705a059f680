/**
 * The web application's translation resources, walked key by key: both languages have
 * exactly the same keys and placeholders, nothing is empty, no Latin letters appear in
 * the Arabic interface (except the few tokens written that way in Arabic too) and no
 * Arabic letters in the English one.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { test } from "node:test";
import { merge } from "../../web/src/i18n/merge.ts";
import { vocabulary } from "../../web/src/i18n/vocabulary.ts";

type Tree = { [key: string]: string | Tree };

const load = async (lang: "ar" | "en"): Promise<Tree> => {
  const own = JSON.parse(await readFile(new URL(`../../web/src/i18n/${lang}.json`, import.meta.url), "utf8")) as Tree;
  return merge(own, vocabulary(lang) as unknown as Tree);
};

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(path, value);
    else for (const [inner, text] of leaves(value, path)) out.set(inner, text);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
// Written in Latin letters in Arabic texts too: the currency code, account and digest formats.
const allowedLatin = /\b(KWD|IBAN|SHA-256|PDF)\b/g;
// Text a person reads, without the placeholders (variable names are not shown).
const shown = (text: string) => text.replace(/\{\{\s*\w+\s*\}\}/g, "");

test("Arabic and English have the same keys, placeholders, and no empty text", async () => {
  const ar = leaves(await load("ar"));
  const en = leaves(await load("en"));
  assert.ok(ar.size > 250, `the resources were read (${ar.size} keys)`);
  assert.deepEqual([...ar.keys()].filter((key) => !en.has(key)), [], "keys only in Arabic");
  assert.deepEqual([...en.keys()].filter((key) => !ar.has(key)), [], "keys only in English");
  for (const [key, text] of ar) {
    assert.ok(text.trim().length > 0, `ar ${key} is empty`);
    assert.ok(en.get(key)!.trim().length > 0, `en ${key} is empty`);
    assert.deepEqual(placeholders(text), placeholders(en.get(key)!), `placeholders differ for ${key}`);
  }
});

test("no English leaks into the Arabic interface", async () => {
  const leaks = [...leaves(await load("ar"))].filter(([, text]) => /[A-Za-z]/.test(shown(text).replace(allowedLatin, "")));
  assert.deepEqual(leaks, []);
});

test("no Arabic leaks into the English interface", async () => {
  const leaks = [...leaves(await load("en"))].filter(([, text]) => /[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]/.test(text));
  assert.deepEqual(leaks, []);
});

test("the check itself catches a leak", () => {
  // Guards against a check that can never fail: a Latin word in Arabic text is found.
  assert.ok(/[A-Za-z]/.test(shown("تم التنفيذ Executed").replace(allowedLatin, "")));
  assert.ok(!/[A-Za-z]/.test(shown("المبلغ {{amount}} KWD").replace(allowedLatin, "")));
});
