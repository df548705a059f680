/**
 * Test helpers for notices: a real local SMTP server (smtp-server) that records what it
 * receives and can be told to refuse, and the stand-in app server and SMS gateway.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { createNoticeStandIns, type NoticeStandIns } from "../../src/notices/standins/server.ts";

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  to: string[];
}

export interface LocalSmtp {
  port: number;
  received: ReceivedMail[];
  /** The next n messages are refused with this code (451: try later; 550: never). */
  refuseNext(count: number, code: number): void;
  close(): Promise<void>;
}

export async function startLocalSmtp(): Promise<LocalSmtp> {
  const received: ReceivedMail[] = [];
  let refusals = 0;
  let refusalCode = 451;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          callback(Object.assign(new Error(refusalCode >= 500 ? "Mailbox unavailable" : "Try again later"), { responseCode: refusalCode }));
          return;
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            received.push({ raw, parsed, to: session.envelope.rcptTo.map((rcpt) => rcpt.address) });
            callback(null, `Ok: queued as test-${received.length}`);
          },
          (error: Error) => callback(error),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    refuseNext(count, code) {
      refusals = count;
      refusalCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function startStandIns(now: () => Date): Promise<NoticeStandIns & { url: string }> {
  const standIns = createNoticeStandIns({ now });
  const url = await standIns.app.listen({ port: 0, host: "127.0.0.1" });
  return { ...standIns, url };
}
