/**
 * What every response must honour, whatever was sent: no 5xx; no stack trace, source
 * path, SQL or driver text, or internal path in the body or headers (unless the request
 * itself carried that text and it is only echoed); every 4xx of the JSON API carries the
 * one error body { code, message: { ar, en }, details } of src/http/error-map.ts.
 * Returns the problems found (empty: the response is fine).
 */
import type { LightMyRequestResponse } from "fastify";
import { errorMap } from "../../../src/http/error-map.ts";

const leakPatterns: [string, RegExp][] = [
  ["stack trace", /\n\s+at [^\n]+/],
  ["stack frame", /\bat [^\s"]+ \(?[^\s"()]*:\d+:\d+\)?/],
  ["error text", /\b(?:Type|Reference|Syntax|Range|URI)?Error: /],
  ["source path", /node_modules|\/src\/[\w/-]+\.ts|\.ts:\d+|\.m?js:\d+/],
  ["file system path", /(?:\/work\/|\/home\/|\/root\/|\/tmp\/|\/var\/|[A-Z]:\\\\)/],
  ["SQL or driver text", /syntax error at or near|relation "[^"]*"|column "[^"]*"|violates (?:unique|foreign key|check|not-null) constraint|duplicate key value|invalid input syntax|unterminated quoted|pg_catalog|PGlite|kysely|SQLSTATE|\bSELECT\b[^"]{0,80}\bFROM\b|\bINSERT INTO\b/i],
  ["system error code", /\b(?:ECONNREFUSED|ENOENT|EACCES|EPIPE|ETIMEDOUT|ERR_[A-Z_]{4,})\b/],
];

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload: string;
}

/** A leak counts only if the request did not carry the same text (an echoed path is not a leak). */
export function leaksIn(response: LightMyRequestResponse, sent: SentRequest): string[] {
  const sentText = `${safeDecode(sent.url)}\n${sent.url}\n${Object.values(sent.headers).join("\n")}\n${sent.payload}`;
  const received = `${response.body}\n${Object.entries(response.headers).map(([key, value]) => `${key}: ${String(value)}`).join("\n")}`;
  const found: string[] = [];
  for (const [name, pattern] of leakPatterns) {
    const match = pattern.exec(received);
    if (match && !sentText.includes(match[0].trim())) found.push(`${name}: ${JSON.stringify(match[0].slice(0, 120))}`);
  }
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const arabicLetter = /[\u0621-\u064A]/;

/** Problems with a 4xx of the JSON API: the body must be exactly the stable error body. */
export function errorBodyProblems(response: LightMyRequestResponse): string[] {
  const problems: string[] = [];
  if (!/^application\/json/.test(String(response.headers["content-type"] ?? ""))) problems.push(`content-type ${String(response.headers["content-type"])}`);
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return [...problems, "the body is not JSON"];
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [...problems, "the body is not an object"];
  const { code, message, details, ...rest } = body as { code?: unknown; message?: { ar?: unknown; en?: unknown }; details?: unknown };
  if (Object.keys(rest).length > 0) problems.push(`unexpected keys ${Object.keys(rest).join(",")}`);
  if (typeof code !== "string" || !(code in errorMap)) problems.push(`unknown code ${String(code)}`);
  else {
    const entry = errorMap[code as keyof typeof errorMap];
    if (entry.status !== response.statusCode) problems.push(`code ${code} is ${entry.status}, sent with ${response.statusCode}`);
    if (message?.ar !== entry.ar || message?.en !== entry.en) problems.push("message is not the mapped Arabic and English text");
  }
  if (typeof message?.ar !== "string" || !arabicLetter.test(message.ar)) problems.push("message.ar is not Arabic");
  if (details === null || typeof details !== "object" || Array.isArray(details)) problems.push("details is not an object");
  if (!response.headers["x-correlation-id"]) problems.push("no x-correlation-id");
  return problems;
}

/** The OAuth token endpoint answers errors in RFC 6749 §5.2's format, not ours. */
export function oauthErrorProblems(response: LightMyRequestResponse): string[] {
  if (response.statusCode === 429) return errorBodyProblems(response);
  try {
    const body = JSON.parse(response.body) as { error?: unknown; error_description?: unknown };
    const known = ["invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope"];
    return typeof body.error === "string" && known.includes(body.error) && typeof body.error_description === "string" ? [] : [`not an OAuth error body: ${response.body.slice(0, 200)}`];
  } catch {
    return ["the OAuth error body is not JSON"];
  }
}

/** Browser pages (sign-in, sign-out) answer refusals with an HTML page in Arabic and English. */
export function htmlErrorProblems(response: LightMyRequestResponse): string[] {
  if (/^application\/json/.test(String(response.headers["content-type"] ?? ""))) return errorBodyProblems(response);
  return /^text\/html/.test(String(response.headers["content-type"] ?? "")) ? [] : [`a browser page answered ${String(response.headers["content-type"])}`];
}

/** Which contract a path's 4xx answers follow. */
export function errorContractFor(path: string): (response: LightMyRequestResponse) => string[] {
  if (path === "/oauth/token") return oauthErrorProblems;
  if (path.startsWith("/auth/")) return htmlErrorProblems;
  return errorBodyProblems;
}
