/**
 * The process logger. Personal data never reaches the logs: known fields are redacted,
 * and civil IDs and Kuwaiti IBANs are masked (src/lib/personal-data-mask.ts: also when
 * percent-encoded, in Arabic-Indic digits or written in groups) in messages, errors and
 * request URLs, and then in every string of every finished line.
 */
import pino, { type Logger } from "pino";
import { maskLogLine, maskPersonalData } from "./lib/personal-data-mask.ts";

const redactPaths = [
  "civilId",
  "*.civilId",
  "*.*.civilId",
  "iban",
  "*.iban",
  "payoutIban",
  "*.payoutIban",
  "req.headers.cookie",
  "req.headers.authorization",
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

// Database errors carry the offending values (a duplicate key's civil ID, a row's amounts).
const valueBearingErrorFields = new Set(["detail", "where", "parameters", "internalQuery", "hint"]);

function maskDeep(value: unknown, depth: number): unknown {
  if (typeof value === "string") return maskPersonalData(value);
  if (value === null || typeof value !== "object" || depth > 4) return value;
  if (Array.isArray(value)) return value.map((item) => maskDeep(item, depth + 1));
  const masked: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!valueBearingErrorFields.has(key)) masked[key] = maskDeep(item, depth + 1);
  }
  return masked;
}

/** An error as logged (with its causes): messages and stacks masked, fields that echo row values dropped. */
function maskedError(error: Error) {
  return maskDeep(pino.stdSerializers.err(error), 0);
}

/** The process logger; `destination` defaults to stdout. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? maskPersonalData(arg) : arg)) as Parameters<typeof method>);
      },
      // The last net: every string of the finished line, whatever field it came in.
      streamWrite: maskLogLine,
    },
    serializers: {
      err: maskedError,
      req: (request: { method: string; url: string; id: string }) => ({ method: request.method, url: maskPersonalData(request.url), id: request.id }),
    },
  }, destination);
}
