/**
 * The process logger. Personal data never reaches the logs: known fields are redacted and
 * any 12-digit run (a civil ID) or Kuwaiti IBAN in a message is masked.
 */
import pino, { type Logger } from "pino";

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

export function maskPersonalData(text: string): string {
  return text.replace(/\bKW\d{2}[A-Z]{4}[A-Z0-9]{22}\b/g, "KW••IBAN").replace(/\b[23]\d{11}\b/g, "•civil-id•");
}

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
    },
    serializers: {
      err: maskedError,
      req: (request: { method: string; url: string; id: string }) => ({ method: request.method, url: maskPersonalData(request.url), id: request.id }),
    },
  }, destination);
}
