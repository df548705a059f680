/**
 * The mask that keeps civil IDs and IBANs out of the logs, whatever their encoding.
 * Used by the logger (src/logger.ts): on messages, errors and request URLs, and on every
 * finished log line as a last net (`maskLogLine`), so a field no serializer knows is
 * masked too.
 *
 * What it sees through:
 * - percent-encoding, repeated (`Khaled%20285110244171`, `%32%38%35…`, `%2532…`), and
 *   percent-encoded UTF-8 (Arabic-Indic digits as `%D9%A2…`);
 * - Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits, as people type them;
 * - IBANs written in groups (`KW81 CBKU 0000 …`, with `+`, `-`, `.` or `_` between, or
 *   after decoding `%20`), in either case.
 *
 * Text without personal data comes back unchanged (still encoded); text with some comes
 * back decoded, with each civil ID and IBAN replaced.
 */

const DIGITS = "0-9\u0660-\u0669\u06F0-\u06F9";
const ALNUM = `A-Za-z${DIGITS}`;
const SEPARATOR = "[ \\t+\\-._]?";

/** A civil ID: 12 digits starting with 2 or 3 (any digit script), not part of a longer run of letters or digits. */
const CIVIL_ID = new RegExp(`(?<![${ALNUM}])[23\u0662\u0663\u06F2\u06F3][${DIGITS}]{11}(?![${ALNUM}])`, "g");

/** A Kuwaiti IBAN: KW, 2 check digits, a 4-letter bank code, 22 letters or digits; one separator allowed between any two. */
const IBAN = new RegExp(
  `(?<![${ALNUM}])K${SEPARATOR}W(?:${SEPARATOR}[${DIGITS}]){2}(?:${SEPARATOR}[A-Za-z]){4}(?:${SEPARATOR}[${ALNUM}]){22}(?![${ALNUM}])`,
  "gi",
);

const PERCENT_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/** Percent-decodes every run of %XX (as UTF-8; invalid sequences become U+FFFD), up to three layers deep. */
export function percentDecoded(text: string): string {
  let current = text;
  for (let layer = 0; layer < 3 && current.includes("%"); layer++) {
    const next = current.replace(PERCENT_RUN, (run) => Buffer.from(run.replaceAll("%", ""), "hex").toString("utf8"));
    if (next === current) break;
    current = next;
  }
  return current;
}

function maskPlain(text: string): string {
  return text.replace(IBAN, "KW••IBAN").replace(CIVIL_ID, "•civil-id•");
}

/** `text` with every civil ID and IBAN masked, looked for in the text as written and percent-decoded. */
export function maskPersonalData(text: string): string {
  const masked = maskPlain(text);
  if (!text.includes("%")) return masked;
  const decoded = percentDecoded(masked);
  if (decoded === masked) return masked;
  const decodedMasked = maskPlain(decoded);
  // Only what hid behind an encoding is shown decoded; anything else keeps its encoding.
  return decodedMasked === decoded ? masked : decodedMasked;
}

/** `value` with every string masked (keys too), and whether anything was. */
function maskValue(value: unknown, depth: number): { value: unknown; changed: boolean } {
  if (typeof value === "string") {
    const masked = maskPersonalData(value);
    return { value: masked, changed: masked !== value };
  }
  if (value === null || typeof value !== "object" || depth > 32) return { value, changed: false };
  let changed = false;
  if (Array.isArray(value)) {
    const items = value.map((item) => {
      const masked = maskValue(item, depth + 1);
      changed ||= masked.changed;
      return masked.value;
    });
    return { value: items, changed };
  }
  const entries: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const maskedKey = maskPersonalData(key);
    const masked = maskValue(item, depth + 1);
    changed ||= masked.changed || maskedKey !== key;
    entries[maskedKey] = masked.value;
  }
  return { value: entries, changed };
}

/**
 * A finished log line with every string in it masked (keys too). A JSON line stays JSON
 * (parsed, masked, written again: no decoded quote can break it) and is returned as it
 * was when nothing in it is personal; anything else is masked as text.
 */
export function maskLogLine(line: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return maskPersonalData(line);
  }
  const masked = maskValue(parsed, 0);
  if (!masked.changed) return line;
  const json = JSON.stringify(masked.value);
  return line.endsWith("\n") ? `${json}\n` : json;
}
