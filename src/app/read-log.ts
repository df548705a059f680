/**
 * Reads of debtors' personal or financial data are recorded (docs/security.md): who, in
 * which role, when, which file, what. `record` only pushes to an in-memory buffer — no
 * await, no database on the request path; the buffer is written in batches (one multi-row
 * INSERT per `maxBatch` entries) a moment after the first entry waits, and at shutdown
 * (`close`). If the database refuses, the entries go back to the buffer and are tried again;
 * past `maxBuffered` the oldest are dropped and counted (`dropped`), never blocking a read.
 * A crash loses at most the last `flushEveryMs` of reads: the trade made for reads that do
 * not slow down.
 */
import { machineActorId, type Subject } from "../domain/access/subject.ts";
import type { ReadKind } from "../domain/audit/reads.ts";
import type { Db } from "../storage/database.ts";
import { insertReads, type ReadEntry } from "../storage/read-log/repository.ts";
import type { Clock } from "./clock.ts";
import type { UseCaseContext } from "./context.ts";

export interface ReadLogOptions {
  flushEveryMs: number;
  maxBatch: number;
  maxBuffered: number;
  /** Told of a failed write (the entries stay buffered); personal data is never passed. */
  onError?: (error: unknown, buffered: number) => void;
}

export const defaultReadLogOptions: ReadLogOptions = { flushEveryMs: 1_000, maxBatch: 1_000, maxBuffered: 100_000 };

export interface ReadRecord {
  fileIds: readonly string[];
  what: ReadKind;
  /** The capacity read in (actingRole), "machine_client" or "agency_officer". */
  role: string;
  agencyKey?: string | null;
}

export class ReadLog {
  private buffer: ReadEntry[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  /** Entries written, and dropped because the buffer overflowed while the database refused. */
  written = 0;
  dropped = 0;
  failedWrites = 0;

  private readonly db: Db;
  private readonly clock: Clock;
  private readonly options: ReadLogOptions;

  constructor(
    db: Db,
    clock: Clock,
    options: ReadLogOptions = defaultReadLogOptions,
  ) {
    this.db = db;
    this.clock = clock;
    this.options = options;
  }

  /**
   * Records a read; returns at once. A debtor reading their own file in person is not
   * recorded: it is their own data (and their page polls it every few seconds).
   */
  record(context: UseCaseContext, read: ReadRecord): void {
    if (read.fileIds.length === 0 || read.role === "debtor") return;
    const reader = readerId(context.subject);
    const readerRole = context.subject.client ? "machine_client" : read.role;
    const readAt = this.clock.now();
    for (const fileId of new Set(read.fileIds)) {
      this.buffer.push({ readAt, reader, readerRole, agencyKey: read.agencyKey ?? null, fileId, what: read.what, correlationId: context.correlationId });
    }
    this.trim();
    this.schedule();
  }

  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered now (and waits for a write already running). */
  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.running) await this.running.catch(() => undefined);
    if (this.buffer.length === 0) return;
    this.running = this.write().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  /** At shutdown: stop the timer and write what is left (failures are reported and left). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush().catch(() => {
      // Reported through onError by the write that failed.
    });
  }

  private async write(): Promise<void> {
    const taken = this.buffer;
    this.buffer = [];
    let done = 0;
    try {
      for (; done < taken.length; done += this.options.maxBatch) {
        await insertReads(this.db, taken.slice(done, done + this.options.maxBatch));
        this.written += Math.min(this.options.maxBatch, taken.length - done);
      }
    } catch (error) {
      // Not written: back in front of what arrived meanwhile, tried again later.
      this.buffer = [...taken.slice(done), ...this.buffer];
      this.trim();
      this.failedWrites += 1;
      this.options.onError?.(error, this.buffer.length);
      this.schedule();
      throw error;
    }
  }

  private trim() {
    const excess = this.buffer.length - this.options.maxBuffered;
    if (excess > 0) {
      this.buffer.splice(0, excess);
      this.dropped += excess;
    }
  }

  private schedule() {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => {
        // Reported through onError; the entries wait for the next attempt.
      });
    }, this.options.flushEveryMs);
    this.timer.unref();
  }
}

/** The reader as the log names them: a civil ID, or client:<id> for a machine client. */
export function readerId(subject: Subject): string {
  return subject.client ? machineActorId(subject.client.clientId) : subject.civilId;
}
