/**
 * The read log (migration 0021): reads of debtors' personal or financial data, written in
 * batches by src/app/read-log.ts; the debtor's view of who looked at their file, and the
 * auditors' search, newest first, keyset-paged by (read_at, id).
 */
import type { Db } from "../database.ts";

export interface ReadEntry {
  readAt: Date;
  /** A civil ID, or client:<id> for a machine client. */
  reader: string;
  readerRole: string;
  /** The agency an agency officer read for. */
  agencyKey: string | null;
  fileId: string;
  what: string;
  correlationId: string;
}

/** One multi-row INSERT per call (the caller splits large batches). */
export async function insertReads(db: Db, entries: readonly ReadEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto("read_log")
    .values(
      entries.map((entry) => ({
        read_at: entry.readAt,
        reader: entry.reader,
        reader_role: entry.readerRole,
        agency_key: entry.agencyKey,
        file_id: entry.fileId,
        what: entry.what,
        correlation_id: entry.correlationId,
      })),
    )
    .execute();
}

export interface StoredRead extends ReadEntry {
  id: bigint;
  fileNumber: string | null;
}

export interface ReadFilter {
  fileId?: string;
  reader?: string;
  readerRole?: string;
  /** Readers to leave out (the debtor's own reads, on their own view). */
  excludeReaders?: readonly string[];
  from?: Date;
  /** Exclusive. */
  until?: Date;
  after?: { readAt: Date; id: bigint };
  limit: number;
}

export async function searchReads(db: Db, filter: ReadFilter): Promise<StoredRead[]> {
  let query = db
    .selectFrom("read_log")
    .leftJoin("enforcement_files", "enforcement_files.id", "read_log.file_id")
    .select([
      "read_log.id",
      "read_log.read_at",
      "read_log.reader",
      "read_log.reader_role",
      "read_log.agency_key",
      "read_log.file_id",
      "read_log.what",
      "read_log.correlation_id",
      "enforcement_files.number as file_number",
    ]);
  if (filter.fileId !== undefined) query = query.where("read_log.file_id", "=", filter.fileId);
  if (filter.reader !== undefined) query = query.where("read_log.reader", "=", filter.reader);
  if (filter.readerRole !== undefined) query = query.where("read_log.reader_role", "=", filter.readerRole);
  if (filter.excludeReaders !== undefined && filter.excludeReaders.length > 0) query = query.where("read_log.reader", "not in", [...filter.excludeReaders]);
  if (filter.from !== undefined) query = query.where("read_log.read_at", ">=", filter.from);
  if (filter.until !== undefined) query = query.where("read_log.read_at", "<", filter.until);
  if (filter.after !== undefined) {
    const after = filter.after;
    query = query.where((eb) => eb.or([eb("read_log.read_at", "<", after.readAt), eb.and([eb("read_log.read_at", "=", after.readAt), eb("read_log.id", "<", after.id)])]));
  }
  const rows = await query.orderBy("read_log.read_at", "desc").orderBy("read_log.id", "desc").limit(filter.limit).execute();
  return rows.map((row) => ({
    id: BigInt(row.id),
    readAt: row.read_at,
    reader: row.reader,
    readerRole: row.reader_role,
    agencyKey: row.agency_key,
    fileId: row.file_id,
    fileNumber: row.file_number,
    what: row.what,
    correlationId: row.correlation_id,
  }));
}
