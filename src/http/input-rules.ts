/**
 * The one rule for the text and dates the API takes (issue 16): what bytes a string may
 * carry and what a date may be, as pure checks with stable codes. Applied in two places,
 * both built from these functions:
 *
 * - to every string of every request (body, query string, path parameters; keys and
 *   values, at any depth) by the validator compiler (src/http/app.ts, `scanInput`): no NUL
 *   or other C0 control but tab, CR and LF; no DEL; no bidi override or isolate controls
 *   (U+202A–U+202E, U+2066–U+2069); no lone surrogate halves;
 * - by the field schemas of src/http/route-kit.ts: `line()` for names, references and
 *   search terms (no tab, CR or LF either), `day()` for calendar dates and `instant()` for
 *   timestamps (a real calendar day, years 1900–2200).
 *
 * A refusal is a 400 whose issues name the field and carry one of the codes below, with
 * its Arabic and English message (src/http/error-map.ts).
 */
import type { ErrorCode } from "../domain/errors.ts";

export const inputFaultCodes = ["INPUT_CONTROL_CHARACTER", "INPUT_BIDI_CONTROL", "INPUT_NOT_UNICODE", "DATE_NOT_A_DAY", "DATE_OUT_OF_RANGE"] as const satisfies readonly ErrorCode[];
export type InputFaultCode = (typeof inputFaultCodes)[number];

/** The years a date or a timestamp may fall in: wide enough for any judgment and any deadline, narrow enough for every store and library. */
export const earliestYear = 1900;
export const latestYear = 2200;

// eslint-disable-next-line no-control-regex
const controlAnywhere = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
// eslint-disable-next-line no-control-regex
const controlOrBreak = /[\u0000-\u001F\u007F]/;
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/;
const loneSurrogate = /\p{Cs}/u;

/** The fault of a string under the rule, or null: `newlines` lets tab, CR and LF through (free text). */
export function textFault(value: string, options: { newlines: boolean }): InputFaultCode | null {
  if ((options.newlines ? controlAnywhere : controlOrBreak).test(value)) return "INPUT_CONTROL_CHARACTER";
  if (bidiControl.test(value)) return "INPUT_BIDI_CONTROL";
  if (loneSurrogate.test(value)) return "INPUT_NOT_UNICODE";
  return null;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function calendarFault(year: number, month: number, day: number): InputFaultCode | null {
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return "DATE_NOT_A_DAY";
  if (year < earliestYear || year > latestYear) return "DATE_OUT_OF_RANGE";
  return null;
}

const dayPattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date as YYYY-MM-DD: a day that exists (no 2026-02-29, no month 13) in the years allowed. */
export function dayFault(value: string): InputFaultCode | null {
  const parts = dayPattern.exec(value);
  if (!parts) return "DATE_NOT_A_DAY";
  return calendarFault(Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

const instantPattern = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** A point in time as ISO 8601 with a zone (Z or ±hh:mm): its date a real day in the years allowed. */
export function instantFault(value: string): InputFaultCode | null {
  const parts = instantPattern.exec(value);
  if (!parts) return "DATE_NOT_A_DAY";
  return calendarFault(Number(parts[1]), Number(parts[2]), Number(parts[3]));
}

export interface InputFault {
  /** JSON-pointer-like path inside the part scanned ("/title/court", "/search"). */
  path: string;
  code: InputFaultCode;
}

/**
 * Every string in a request part (keys included), checked with the lenient rule (free text's:
 * newlines allowed). Walks without recursion (a body may nest thousands deep); stops after `limit` faults.
 */
export function scanInput(value: unknown, limit = 20): InputFault[] {
  const faults: InputFault[] = [];
  const pending: { node: unknown; path: string; depth: number }[] = [{ node: value, path: "", depth: 0 }];
  // Paths are spelled out to 32 levels (deeper is "…"): a path never grows with the nesting.
  const child = (path: string, depth: number, step: string | number) => (depth < 32 ? `${path}/${step}` : depth === 32 ? `${path}/…` : path);
  while (pending.length > 0 && faults.length < limit) {
    const { node, path, depth } = pending.pop()!;
    if (typeof node === "string") {
      const code = textFault(node, { newlines: true });
      if (code) faults.push({ path, code });
    } else if (Array.isArray(node)) {
      for (let index = node.length - 1; index >= 0; index--) pending.push({ node: node[index], path: child(path, depth, index), depth: depth + 1 });
    } else if (node !== null && typeof node === "object") {
      for (const [key, item] of Object.entries(node).reverse()) {
        const keyCode = textFault(key, { newlines: false });
        if (keyCode) faults.push({ path: child(path, depth, key.replace(/[^\x20-\x7e]/g, "?")), code: keyCode });
        else pending.push({ node: item, path: child(path, depth, key), depth: depth + 1 });
      }
    }
  }
  return faults.slice(0, limit);
}
