/**
 * How log lines are written, not what they hold (src/logger.ts decides that, and masks
 * personal data before a line reaches this file):
 *   json    one JSON object per line, for machines (the default when stdout is not a terminal)
 *   pretty  one short, coloured line per event, for people at a terminal (pino-pretty);
 *           fastify's two lines per request ("incoming request", "request completed")
 *           become one: `GET /api/v1/files 200 4 ms`.
 * LOG_FORMAT=json|pretty forces either; unset, a terminal gets pretty.
 */
import { Writable } from "node:stream";
import { styleText } from "node:util";
import type { DestinationStream } from "pino";
import { prettyFactory } from "pino-pretty";

export type LogFormat = "json" | "pretty";
export const logFormats = ["auto", "json", "pretty"] as const;
export type LogFormatSetting = (typeof logFormats)[number];

/** The format for a setting: `auto` is pretty on a terminal, JSON otherwise. */
export function resolveLogFormat(setting: LogFormatSetting, stream: { isTTY?: boolean } = process.stdout): LogFormat {
  if (setting !== "auto") return setting;
  return stream.isTTY ? "pretty" : "json";
}

/** Colour on a terminal that wants it (NO_COLOR, FORCE_COLOR and TERM=dumb are honoured by hasColors). */
export function wantsColour(stream: NodeJS.WritableStream): boolean {
  const tty = stream as NodeJS.WritableStream & { isTTY?: boolean; hasColors?: () => boolean };
  return Boolean(tty.isTTY && tty.hasColors?.());
}

/** Paints text when `colour` is on (styleText with the decision made here, not by stdout). */
export function paint(colour: boolean, format: Parameters<typeof styleText>[0], text: string): string {
  return colour ? styleText(format, text, { validateStream: false }) : text;
}

/** Where a logger writes: undefined (pino's own stdout, JSON) or a pretty stream on `out`. */
export function logDestination(format: LogFormat, out: NodeJS.WritableStream = process.stdout, colour = wantsColour(out)): DestinationStream | undefined {
  return format === "pretty" ? prettyStream(out, colour) : undefined;
}

interface LogLine {
  level?: number;
  msg?: string;
  reqId?: string;
  req?: { method?: string; url?: string };
  res?: { statusCode?: number };
  responseTime?: number;
  [key: string]: unknown;
}

const INFO = 30;
// Requests whose completion has not been logged yet (bounded: a request that never completes must not leak).
const MAX_OPEN_REQUESTS = 10_000;

/** Control characters that could move the cursor or recolour a terminal (kept out of every pretty line). */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const safe = (text: string) => text.replace(UNSAFE, "");

interface RequestSummary {
  method: string;
  url: string;
  status: number;
  ms: number | undefined;
}
const REQUEST = "httpRequest";

type Colours = { green(text: string): string; yellow(text: string): string; red(text: string): string; cyan(text: string): string; gray(text: string): string };

/** A destination that turns pino's JSON lines into pretty ones on `out`. */
export function prettyStream(out: NodeJS.WritableStream, colour: boolean): DestinationStream {
  const prettify = prettyFactory({
    colorize: colour,
    translateTime: "SYS:HH:MM:ss",
    ignore: `pid,hostname,reqId,req,res,responseTime,${REQUEST}`,
    singleLine: true,
    // Levels coloured, the message in the terminal's own colour (a request line colours its status).
    customColors: "trace:gray,debug:blue,info:green,warn:yellow,error:red,fatal:bgRed,message:reset",
    messageFormat: (log, messageKey, _levelLabel, extras) => {
      const colours = (extras as { colors: Colours }).colors;
      const request = log[REQUEST] as RequestSummary | undefined;
      if (!request) return safe(String(log[messageKey] ?? ""));
      const paintStatus = request.status >= 500 ? colours.red : request.status >= 400 ? colours.yellow : request.status >= 300 ? colours.cyan : colours.green;
      const ms = request.ms === undefined ? "" : ` ${colours.gray(`${Math.round(request.ms)} ms`)}`;
      return `${safe(request.method)} ${safe(request.url)} ${paintStatus(String(request.status))}${ms}`;
    },
  });
  const open = new Map<string, { method: string; url: string }>();
  const format = (line: LogLine): string | null => {
    if (line.level === INFO && line.msg === "incoming request" && line.reqId) {
      if (open.size >= MAX_OPEN_REQUESTS) open.clear();
      open.set(line.reqId, { method: line.req?.method ?? "?", url: line.req?.url ?? "?" });
      return null;
    }
    if (line.msg === "request completed" && line.reqId) {
      const request = open.get(line.reqId) ?? { method: "?", url: `(request ${line.reqId})` };
      open.delete(line.reqId);
      const summary: RequestSummary = { ...request, status: line.res?.statusCode ?? 0, ms: line.responseTime };
      return prettify({ ...line, [REQUEST]: summary });
    }
    return prettify(line);
  };
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      for (const text of chunk.toString().split("\n")) {
        if (text.trim() === "") continue;
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          out.write(`${text}\n`); // not JSON: pass it through as it is
          continue;
        }
        const pretty = format(line);
        if (pretty !== null) out.write(pretty);
      }
      done();
    },
  });
  return stream;
}
