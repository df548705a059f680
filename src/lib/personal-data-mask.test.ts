import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { maskLogLine, maskPersonalData, percentDecoded } from "./personal-data-mask.ts";

const civilId = "285110244171";
const arabicIndic = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const easternArabicIndic = (digits: string) => digits.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
const percentAll = (text: string) => [...Buffer.from(text, "utf8")].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, "0")}`).join("");
const iban = "KW81CBKU0000000000001234560101";
const grouped = (separator: string) => iban.match(/.{1,4}/g)!.join(separator);

test("civil IDs are masked however they are written", () => {
  for (const written of [
    `search=Khaled%20${civilId}`,
    `search=Khaled+${civilId}`,
    `q=${percentAll(civilId)}`,
    `q=${percentAll(civilId).replaceAll("%", "%25")}`, // encoded twice
    `q=${arabicIndic(civilId)}`,
    `q=${easternArabicIndic(civilId)}`,
    `q=${percentAll(arabicIndic(civilId))}`,
    `name=${encodeURIComponent("خالد " + arabicIndic(civilId))}`,
    `ref_${civilId}`,
    `(${civilId})`,
  ]) {
    const masked = maskPersonalData(written);
    assert.ok(!masked.includes(civilId) && !masked.includes(arabicIndic(civilId)) && !masked.includes(easternArabicIndic(civilId)), `${written} → ${masked}`);
    assert.ok(!percentDecoded(masked).includes(civilId), `${written} → ${masked}`);
    assert.match(masked, /•civil-id•/);
  }
});

test("IBANs are masked in groups, with any separator, encoded, in either case", () => {
  for (const written of [iban, grouped(" "), grouped("%20"), grouped("+"), grouped("-"), `iban=${encodeURIComponent(grouped(" "))}`, iban.toLowerCase(), `${iban.slice(0, 8)}${arabicIndic(iban.slice(8))}`]) {
    const masked = maskPersonalData(written);
    assert.match(masked, /KW••IBAN/, `${written} → ${masked}`);
    assert.ok(!/0000.?0000.?0000/.test(percentDecoded(masked)), `${written} → ${masked}`);
  }
  assert.equal(maskPersonalData(`payout to ${grouped(" ")} today`), "payout to KW••IBAN today");
});

test("what is not personal data comes back unchanged, encoding and all", () => {
  for (const text of [
    "/api/v1/files?status=open&q=%D8%AE%D8%A7%D9%84%D8%AF",
    "file 2026/000123, amount 7321.125",
    "kwargs are passed to the function unchanged here",
    "sha256 a3f1c0de9b8e7d6c5b4a39281706f5e4d3c2b1a0",
    "12345678901", // 11 digits
    "1285110244171", // 13 digits
    "185110244171", // starts with 1
    "id 4c0f7b1e-2a3d-4e5f-8a9b-0c1d2e3f4a5b",
  ]) assert.equal(maskPersonalData(text), text);
});

test("property: a civil ID between any separators, in any digit script, possibly percent-encoded, never survives", () => {
  const separators = [" ", "%20", "+", "=", "/", "%2F", ",", "\t", "\n", "،"];
  fc.assert(
    fc.property(
      fc.stringMatching(/^[23]\d{11}$/),
      fc.constantFrom(...separators),
      fc.constantFrom(...separators),
      fc.constantFrom("ascii", "arabic", "eastern", "percent", "percent-arabic"),
      fc.string({ maxLength: 8 }).filter((s) => !/[0-9A-Za-z\u0660-\u0669\u06F0-\u06F9%]/.test(s)),
      (id, before, after, script, noise) => {
        const shown = script === "arabic" ? arabicIndic(id) : script === "eastern" ? easternArabicIndic(id) : script === "percent" ? percentAll(id) : script === "percent-arabic" ? percentAll(arabicIndic(id)) : id;
        const masked = maskPersonalData(`${noise}x${before}${shown}${after}y`);
        const decoded = percentDecoded(masked).replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660)).replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));
        return !decoded.includes(id);
      },
    ),
    { numRuns: 500 },
  );
});

test("a log line is masked in every string, keys included, and stays JSON; a clean line is untouched", () => {
  const line = `${JSON.stringify({ level: 30, msg: "ok", url: `/x?q=%20${civilId}`, nested: { list: [`a ${grouped(" ")}`], [civilId]: 1 }, quote: 'he said "%22"' })}\n`;
  const masked = maskLogLine(line);
  assert.ok(masked.endsWith("\n"));
  const parsed = JSON.parse(masked);
  assert.equal(parsed.url, "/x?q= •civil-id•");
  assert.deepEqual(parsed.nested, { list: ["a KW••IBAN"], "•civil-id•": 1 });
  assert.equal(parsed.quote, 'he said "%22"', "nothing personal: left encoded");
  const clean = '{"level":30,"msg":"x","a":1,"a":2}\n';
  assert.equal(maskLogLine(clean), clean, "returned as written (duplicate keys kept)");
  assert.equal(maskLogLine(`plain text ${civilId}\n`), "plain text •civil-id•\n");
});
