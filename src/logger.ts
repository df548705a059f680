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

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: redactPaths, censor: "[redacted]" },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? maskPersonalData(arg) : arg)) as Parameters<typeof method>);
      },
    },
    serializers: {
      req: (request: { method: string; url: string; id: string }) => ({ method: request.method, url: maskPersonalData(request.url), id: request.id }),
    },
  });
}
