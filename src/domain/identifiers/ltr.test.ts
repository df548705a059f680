import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LRI, PDI, isolateIdentifiers, isolateLtr, isolatedHtml, ltrRuns } from "./ltr.ts";

const iso = (text: string) => `${LRI}${text}${PDI}`;

describe("identifiers as isolated left-to-right runs", () => {
  it("wraps file numbers, IBANs, civil IDs (whole or masked), plates and references; not words, amounts, dates or times", () => {
    assert.equal(isolateIdentifiers("في ملف التنفيذ 2026/0000007-1."), `في ملف التنفيذ ${iso("2026/0000007-1")}.`);
    assert.equal(isolateIdentifiers("الحساب KW81 CBKU 0000 0000 0000 1234 5601 01 لدى"), `الحساب ${iso("KW81 CBKU 0000 0000 0000 1234 5601 01")} لدى`);
    assert.equal(isolateIdentifiers("الحساب KW81CBKU0000000000001234560101"), `الحساب ${iso("KW81CBKU0000000000001234560101")}`);
    assert.equal(isolateIdentifiers("الرقم المدني 289010100011 و 2890••••0011"), `الرقم المدني ${iso("289010100011")} و ${iso("2890••••0011")}`);
    assert.equal(isolateIdentifiers("المركبة 12/34567 والمرجع DEP-HTTP-1"), `المركبة ${iso("12/34567")} والمرجع ${iso("DEP-HTTP-1")}`);
    const untouched = "بمبلغ 1,234.500 د.ك في 2026-04-01 الساعة 10:30، 3 أقساط";
    assert.equal(isolateIdentifiers(untouched), untouched);
  });

  it("leaves runs already isolated alone, so applying it twice changes nothing", () => {
    const once = isolateIdentifiers("ملف 2026/0000007-1 والحساب KW81CBKU0000000000001234560101");
    assert.equal(isolateIdentifiers(once), once);
    assert.equal(isolateLtr(iso("X-1")), iso("X-1"));
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const wrapped = isolateIdentifiers(text);
        assert.equal(isolateIdentifiers(wrapped), wrapped);
        // Nothing but the isolate marks is added or removed, and nothing is reordered.
        assert.equal(wrapped.replaceAll(LRI, "").replaceAll(PDI, ""), text.replaceAll(LRI, "").replaceAll(PDI, ""));
      }),
    );
  });

  it("splits text into runs for <bdi dir=\"ltr\"> and renders escaped HTML", () => {
    assert.deepEqual(ltrRuns(`ملف ${iso("2026/0000007-1")} ضد <س>`), [
      { text: "ملف ", ltr: false },
      { text: "2026/0000007-1", ltr: true },
      { text: " ضد <س>", ltr: false },
    ]);
    assert.equal(isolatedHtml("ملف 2026/0000007-1 ضد <س>"), 'ملف <bdi dir="ltr">2026/0000007-1</bdi> ضد &lt;س&gt;');
    assert.equal(isolatedHtml('<bdi dir="ltr">"A-1"</bdi>'), '&lt;bdi dir=&quot;ltr&quot;&gt;&quot;<bdi dir="ltr">A-1</bdi>&quot;&lt;/bdi&gt;');
  });
});
