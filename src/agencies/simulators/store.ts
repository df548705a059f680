/**
 * The stand-in agencies' own durable state (docs/agency-protocol.md section 15.3): a small
 * SQLite file of their own (node:sqlite), never the hub's database. What is kept:
 *
 *   inbox    every message the agency accepted (its receipt said "accepted"), written before
 *            the receipt leaves: a receipt means the message is on disk (and the dedupe memory);
 *   journal  in the order they were carried out, the messages acted on and the control actions
 *            (credits, account overrides, vehicles, holdings, persons) that changed state;
 *   outbox   the replies not yet confirmed by the hub (with their attempts), and dead letters;
 *   keys     each agency's signing keys, so a restart publishes the same JWKS.
 *
 * The agencies' holdings (orders, frozen amounts, flags, bans) are a deterministic function of
 * the seed, the starting data and the journal: on start they are rebuilt by replaying it with
 * replies suppressed (they were queued in the outbox when first made). An action and the
 * replies it makes are committed together; a message accepted but not yet acted on when the
 * process died is acted on after the restart. Nothing here knows the hub.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import type { KeyPairRecord } from "../protocol/keys.ts";

export const STANDINS_STATE_FILE = "standins.sqlite";

export interface JournalRow {
  seq: number;
  agency: string;
  kind: "message" | "control";
  /** The message (JSON) or the control action (JSON). */
  body: string;
  /** When it was carried out (the agency clock): replayed as `now()`. */
  at: string;
  /** The faults in force then (JSON): some change what a behaviour does (declareAfterLift). */
  faults: string;
}

export interface StoredReply {
  messageId: string;
  body: string;
  attempts: number;
  dueAt: number;
  lastError: string | null;
  dead: boolean;
  reason: string | null;
  deadAt: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS inbox (
  seq INTEGER PRIMARY KEY, agency TEXT NOT NULL, message_id TEXT NOT NULL, body TEXT NOT NULL, received_at TEXT NOT NULL,
  UNIQUE (agency, message_id)
);
CREATE TABLE IF NOT EXISTS journal (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, agency TEXT NOT NULL, kind TEXT NOT NULL, message_id TEXT,
  body TEXT NOT NULL, at TEXT NOT NULL, faults TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS journal_message ON journal (agency, message_id) WHERE message_id IS NOT NULL;
CREATE TABLE IF NOT EXISTS outbox (
  agency TEXT NOT NULL, message_id TEXT NOT NULL, body TEXT NOT NULL, attempts INTEGER NOT NULL, due_at INTEGER NOT NULL,
  last_error TEXT, dead INTEGER NOT NULL DEFAULT 0, reason TEXT, dead_at TEXT, queued INTEGER NOT NULL,
  PRIMARY KEY (agency, message_id)
);
CREATE TABLE IF NOT EXISTS keys (agency TEXT PRIMARY KEY, records TEXT NOT NULL) WITHOUT ROWID;
`;

export class StandInStore {
  readonly location: string;
  private readonly db: DatabaseSync;
  private depth = 0;
  private queued = 0;
  private readonly statements = new Map<string, StatementSync>();

  private constructor(location: string) {
    this.location = location;
    this.db = new DatabaseSync(location);
    // WAL with synchronous NORMAL: a commit survives the process being killed (SIGKILL);
    // only a power loss could lose the last commits, as with any WAL database so set.
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
    this.db.exec(SCHEMA);
    const last = this.db.prepare("SELECT coalesce(max(queued), 0) AS n FROM outbox").get() as { n: number };
    this.queued = Number(last.n);
  }

  /** The store in `<directory>/standins.sqlite` (created if needed), or in memory (no directory). */
  static open(directory?: string): StandInStore {
    if (!directory) return new StandInStore(":memory:");
    mkdirSync(directory, { recursive: true });
    return new StandInStore(path.join(directory, STANDINS_STATE_FILE));
  }

  get durable(): boolean {
    return this.location !== ":memory:";
  }

  private statement(sql: string): StatementSync {
    let found = this.statements.get(sql);
    if (!found) {
      found = this.db.prepare(sql);
      this.statements.set(sql, found);
    }
    return found;
  }

  /** Runs `work` (synchronous) in one transaction; nested calls join the outer one. */
  transaction<T>(work: () => T): T {
    if (this.depth > 0) return work();
    this.db.exec("BEGIN IMMEDIATE");
    this.depth++;
    try {
      const result = work();
      this.db.exec("COMMIT");
      return result;
    } catch (error) {
      this.db.exec("ROLLBACK");
      throw error;
    } finally {
      this.depth--;
    }
  }

  // ---- inbox and journal ------------------------------------------------------------------

  accept(agency: string, messages: readonly { messageId: string; body: unknown }[], receivedAt: string): void {
    if (messages.length === 0) return;
    const insert = this.statement("INSERT OR IGNORE INTO inbox (agency, message_id, body, received_at) VALUES (?, ?, ?, ?)");
    this.transaction(() => {
      for (const message of messages) insert.run(agency, message.messageId, JSON.stringify(message.body), receivedAt);
    });
  }

  acceptedIds(agency: string): string[] {
    return (this.statement("SELECT message_id FROM inbox WHERE agency = ?").all(agency) as { message_id: string }[]).map((row) => row.message_id);
  }

  /** Accepted and not yet acted on (the process stopped in between), oldest first. */
  unhandled(agency: string): unknown[] {
    const rows = this.statement(
      "SELECT i.body FROM inbox i WHERE i.agency = ? AND NOT EXISTS (SELECT 1 FROM journal j WHERE j.agency = i.agency AND j.message_id = i.message_id) ORDER BY i.seq",
    ).all(agency) as { body: string }[];
    return rows.map((row) => JSON.parse(row.body) as unknown);
  }

  journalMessage(agency: string, messageId: string, body: unknown, at: string, faults: unknown): void {
    this.statement("INSERT OR IGNORE INTO journal (agency, kind, message_id, body, at, faults) VALUES (?, 'message', ?, ?, ?, ?)").run(agency, messageId, JSON.stringify(body), at, JSON.stringify(faults));
  }

  journalControl(agency: string, action: unknown, at: string, faults: unknown): void {
    this.statement("INSERT INTO journal (agency, kind, message_id, body, at, faults) VALUES (?, 'control', NULL, ?, ?, ?)").run(agency, JSON.stringify(action), at, JSON.stringify(faults));
  }

  *journal(): Generator<JournalRow> {
    for (const row of this.statement("SELECT seq, agency, kind, body, at, faults FROM journal ORDER BY seq").iterate()) {
      const entry = row as unknown as JournalRow;
      yield { seq: Number(entry.seq), agency: entry.agency, kind: entry.kind, body: entry.body, at: entry.at, faults: entry.faults };
    }
  }

  // ---- outbox -----------------------------------------------------------------------------

  putReply(agency: string, reply: { messageId: string; body: unknown; attempts: number; dueAt: number }): void {
    this.statement("INSERT OR REPLACE INTO outbox (agency, message_id, body, attempts, due_at, last_error, dead, queued) VALUES (?, ?, ?, ?, ?, NULL, 0, ?)").run(
      agency,
      reply.messageId,
      JSON.stringify(reply.body),
      reply.attempts,
      reply.dueAt,
      ++this.queued,
    );
  }

  retryLater(agency: string, messageId: string, attempts: number, dueAt: number, lastError: string | null): void {
    this.statement("UPDATE outbox SET attempts = ?, due_at = ?, last_error = ? WHERE agency = ? AND message_id = ?").run(attempts, dueAt, lastError, agency, messageId);
  }

  delivered(agency: string, messageIds: readonly string[]): void {
    if (messageIds.length === 0) return;
    const remove = this.statement("DELETE FROM outbox WHERE agency = ? AND message_id = ?");
    this.transaction(() => {
      for (const id of messageIds) remove.run(agency, id);
    });
  }

  deadLetter(agency: string, messageId: string, attempts: number, reason: string, at: string): void {
    this.statement("UPDATE outbox SET dead = 1, attempts = ?, reason = ?, dead_at = ? WHERE agency = ? AND message_id = ?").run(attempts, reason, at, agency, messageId);
  }

  /** Dead letters back to pending, attempts reset. */
  redrive(agency: string, dueAt: number): void {
    this.statement("UPDATE outbox SET dead = 0, attempts = 0, due_at = ?, last_error = NULL, reason = NULL, dead_at = NULL WHERE agency = ? AND dead = 1").run(dueAt, agency);
  }

  replies(agency: string): StoredReply[] {
    const rows = this.statement("SELECT message_id, body, attempts, due_at, last_error, dead, reason, dead_at FROM outbox WHERE agency = ? ORDER BY queued").all(agency) as {
      message_id: string;
      body: string;
      attempts: number;
      due_at: number;
      last_error: string | null;
      dead: number;
      reason: string | null;
      dead_at: string | null;
    }[];
    return rows.map((row) => ({
      messageId: row.message_id,
      body: row.body,
      attempts: Number(row.attempts),
      dueAt: Number(row.due_at),
      lastError: row.last_error,
      dead: Number(row.dead) === 1,
      reason: row.reason,
      deadAt: row.dead_at,
    }));
  }

  // ---- keys -------------------------------------------------------------------------------

  keys(agency: string): KeyPairRecord[] | undefined {
    const row = this.statement("SELECT records FROM keys WHERE agency = ?").get(agency) as { records: string } | undefined;
    return row ? (JSON.parse(row.records) as KeyPairRecord[]) : undefined;
  }

  saveKeys(agency: string, records: readonly KeyPairRecord[]): void {
    this.statement("INSERT OR REPLACE INTO keys (agency, records) VALUES (?, ?)").run(agency, JSON.stringify(records));
  }

  // ---- lifecycle --------------------------------------------------------------------------

  /** Forgets every message, journal entry and reply (control reset); keys are kept. */
  clear(): void {
    this.transaction(() => {
      this.db.exec("DELETE FROM inbox; DELETE FROM journal; DELETE FROM outbox;");
    });
  }

  counts(): { inbox: number; journal: number; outbox: number; deadLetters: number } {
    const one = (sql: string) => Number((this.db.prepare(sql).get() as { n: number }).n);
    return {
      inbox: one("SELECT count(*) AS n FROM inbox"),
      journal: one("SELECT count(*) AS n FROM journal"),
      outbox: one("SELECT count(*) AS n FROM outbox WHERE dead = 0"),
      deadLetters: one("SELECT count(*) AS n FROM outbox WHERE dead = 1"),
    };
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }
}
