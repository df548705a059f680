/**
 * Reads the agency protocol's tables from docs/agency-protocol.md, so tests take the codes
 * and statuses the hub must answer from the spec itself, not from the code under test.
 */
import { readFileSync } from "node:fs";

const specPath = new URL("../../docs/agency-protocol.md", import.meta.url);

export function specText(): string {
  return readFileSync(specPath, "utf8");
}

/** The rows of the first Markdown table after `marker` (a heading or a bold lead-in), as cells. */
function tableAfter(text: string, marker: string): string[][] {
  const start = text.indexOf(marker);
  if (start < 0) throw new Error(`the spec has no "${marker}"`);
  const lines = text.slice(start).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const rows: string[][] = [];
  for (const line of lines.slice(first)) {
    if (!line.startsWith("|")) break;
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    if (cells.every((cell) => /^-+$/.test(cell))) continue;
    rows.push(cells);
  }
  return rows.slice(1); // without the header row
}

const codesIn = (cell: string) => [...cell.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]!);

/** Section 2's batch errors: code → HTTP status. */
export function batchErrors(): Map<string, number> {
  const errors = new Map<string, number>();
  for (const [status, code] of tableAfter(specText(), "**Errors.** When the whole batch is refused")) {
    if (!status || !/^\d{3}$/.test(status)) continue;
    for (const name of codesIn(code ?? "")) errors.set(name, Number(status));
  }
  return errors;
}

/** Section 11's receipt codes (`receipts[].code`): code → who sends it. */
export function receiptCodes(): Map<string, string> {
  const codes = new Map<string, string>();
  for (const [code, sentBy] of tableAfter(specText(), "**Receipt codes**")) for (const name of codesIn(code ?? "")) codes.set(name, sentBy ?? "");
  return codes;
}

/** Section 9.2's `hold.adjust` reasons, each with what it means. */
export function holdAdjustReasons(): Map<string, string> {
  const text = specText();
  const start = text.indexOf("**`hold.adjust`**");
  const paragraph = text.slice(start, text.indexOf("<!-- example: hold.adjust -->", start));
  return new Map([...paragraph.matchAll(/`(cap|payment|transfer)`: ([^;)]+)/g)].map((match) => [match[1]!, match[2]!.trim()]));
}
