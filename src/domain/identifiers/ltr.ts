/**
 * Identifiers keep their order in Arabic text. A file number ("2026/0000007-1"), an IBAN, a
 * civil ID, a plate ("12/34567") or a reference ("DEP-2026-1") is a left-to-right run; set
 * among Arabic words, the bidirectional algorithm may reorder its parts (the bug of issue 18
 * showed "1-2026/0000007"). Each is wrapped as an isolated left-to-right run:
 * - in plain text (notices by app, e-mail and SMS; the phone's signing summary) between
 *   U+2066 LEFT-TO-RIGHT ISOLATE and U+2069 POP DIRECTIONAL ISOLATE (`isolateLtr`,
 *   `isolateIdentifiers`);
 * - in HTML and React as `<bdi dir="ltr">` (`ltrRuns` splits text so wrapped; `isolatedHtml`).
 * One pure helper for the server and the web app (`#domain/identifiers/ltr.ts`).
 */

export const LRI = "\u2066";
export const PDI = "\u2069";

/** `text` as one isolated left-to-right run (already isolated: unchanged). */
export function isolateLtr(text: string): string {
  if (text === "" || (text.startsWith(LRI) && text.endsWith(PDI))) return text;
  return `${LRI}${text}${PDI}`;
}

// A Kuwaiti IBAN, compact or in groups of four ("KW81 CBKU 0000 …").
const ibanPattern = /KW\d{2}(?: ?[A-Z0-9]){26}/g;
// A masked civil ID ("2890••••0011").
const maskedPattern = /\d{2,}•+\d{2,}/g;
// A run of Latin letters and digits, possibly joined by - / _ . (no spaces, no commas).
const tokenPattern = /[A-Za-z0-9]+(?:[-/_.][A-Za-z0-9]+)*/g;
const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Whether a token is an identifier: a long number (a civil ID, a CR number, a phone), or a
 * code mixing digits with letters or with / and - (file numbers, plates, references). Not an
 * amount ("1.500"), a plain number, a date in ISO form, or a word.
 */
function isIdentifierToken(token: string): boolean {
  if (!/\d/.test(token)) return false;
  if (/^\d{8,}$/.test(token)) return true;
  if (isoDate.test(token)) return false;
  return /[A-Za-z]/.test(token) || /[/-]/.test(token);
}

function isolateIn(text: string): string {
  // Each pattern leaves the runs already isolated by the one before alone.
  const apply = (input: string, pattern: RegExp, accept: (match: string) => boolean) =>
    splitIsolated(input)
      .map((run) => (run.ltr ? isolateLtr(run.text) : run.text.replace(pattern, (match) => (accept(match) ? isolateLtr(match) : match))))
      .join("");
  let out = apply(text, ibanPattern, () => true);
  out = apply(out, maskedPattern, () => true);
  return apply(out, tokenPattern, isIdentifierToken);
}

/**
 * The same text with every identifier in it wrapped as an isolated left-to-right run. Runs
 * already isolated stay as they are, so applying it twice changes nothing.
 */
export function isolateIdentifiers(text: string): string {
  return isolateIn(text);
}

export interface TextRun {
  text: string;
  /** An isolated left-to-right run (rendered `<bdi dir="ltr">`). */
  ltr: boolean;
}

/** Splits text on its LRI … PDI runs (an LRI without its PDI runs to the end, as in Unicode). */
function splitIsolated(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let rest = text;
  while (rest !== "") {
    const start = rest.indexOf(LRI);
    if (start === -1) {
      runs.push({ text: rest, ltr: false });
      break;
    }
    if (start > 0) runs.push({ text: rest.slice(0, start), ltr: false });
    const end = rest.indexOf(PDI, start + 1);
    const inner = rest.slice(start + 1, end === -1 ? undefined : end);
    if (inner !== "") runs.push({ text: inner, ltr: true });
    rest = end === -1 ? "" : rest.slice(end + 1);
  }
  return runs;
}

/**
 * The text as runs for React: each identifier (found by `isolateIdentifiers`, or already
 * between LRI and PDI) a left-to-right run without its isolate marks, to render as
 * `<bdi dir="ltr">`; the rest as it is.
 */
export function ltrRuns(text: string): TextRun[] {
  return splitIsolated(isolateIdentifiers(text));
}

const htmlEscapes: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => htmlEscapes[char]!);

/** The text as escaped HTML with each identifier in `<bdi dir="ltr">` (server-rendered pages). */
export function isolatedHtml(text: string): string {
  return ltrRuns(text)
    .map((run) => (run.ltr ? `<bdi dir="ltr">${escapeHtml(run.text)}</bdi>` : escapeHtml(run.text)))
    .join("");
}
