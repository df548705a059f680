/** How the web application writes amounts and times: KWD with three decimals, Asia/Kuwait. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { compareAmounts, formatAmount, formatDate, formatDateTime, formatKwd, parseAmountInput } from "../../web/src/i18n/format.ts";

test("amounts always show three decimals, grouped, in both languages", () => {
  assert.equal(formatAmount("1234.5", "en"), "1,234.500");
  assert.equal(formatAmount("0.001", "en"), "0.001");
  assert.equal(formatAmount("7000", "ar"), "7,000.000");
  assert.equal(formatKwd("1234.500", "en"), "KWD 1,234.500");
  assert.equal(formatKwd("1234.500", "ar"), "1,234.500 د.ك");
  assert.equal(formatAmount("12.3456", "en"), null, "no sub-fils amounts");
  assert.equal(formatAmount("abc", "ar"), null);
});

test("amounts beyond a double's precision keep every fils (no float in between)", () => {
  assert.equal(formatAmount("123456789012345678.999", "en"), "123,456,789,012,345,678.999");
});

test("typed amounts become the API's decimal strings", () => {
  assert.equal(parseAmountInput("1,250.5"), "1250.500");
  assert.equal(parseAmountInput(" 300 "), "300.000");
  assert.equal(parseAmountInput("١٬٢٥٠٫٧٥"), "1250.750", "Arabic-Indic digits and separators");
  assert.equal(parseAmountInput("1.2345"), null);
  assert.equal(parseAmountInput("-5"), null);
  assert.equal(parseAmountInput(""), null);
  assert.equal(compareAmounts("1250.500", "1250.5"), 0);
  assert.equal(compareAmounts("1250.501", "1250.5"), 1);
  assert.equal(compareAmounts("0.000", "0"), 0);
  assert.equal(compareAmounts("9.999", "10"), -1);
});

test("times are shown in Kuwait (UTC+3) whatever the machine's zone", () => {
  // 21:30 UTC on 1 March is 00:30 on 2 March in Kuwait.
  assert.equal(formatDateTime("2026-03-01T21:30:00.000Z", "en"), "2 Mar 2026, 00:30");
  assert.match(formatDateTime("2026-03-01T21:30:00.000Z", "ar"), /2026/);
  assert.match(formatDateTime("2026-03-01T21:30:00.000Z", "ar"), /12:30/);
  assert.equal(formatDate("2026-03-01T21:30:00.000Z", "en"), "2 March 2026");
  assert.equal(formatDate("2025-11-02", "en"), "2 November 2025", "a calendar day stays that day");
  assert.ok(!/[A-Za-z]/.test(formatDate("2025-11-02", "ar")), "Arabic month names");
});
