/**
 * The read log read back (docs/security.md, "Reads are recorded"):
 * - the debtor sees, on their file's page, which office or party looked at the file and
 *   when — capacities and agencies, never a staff member's name or civil ID; their own
 *   reads are left out;
 * - auditors search it by file, reader, role and Kuwait dates, newest first, a page at a
 *   time; each search is recorded (`audit.reads_search`), and its results are reads too.
 */
import { actingRole, authorizeGlobally, authorizeOnFile } from "../../domain/access/authorization.ts";
import { readerRoleLabel, readKindLabel } from "../../domain/audit/reads.ts";
import { DomainError } from "../../domain/errors.ts";
import { addCalendarDays } from "../../domain/rules/calendar.ts";
import { appendActions } from "../../storage/action-log.ts";
import { fileIdByNumber } from "../../storage/audit/repository.ts";
import { fileParties } from "../../storage/files/repository.ts";
import { searchReads, type StoredRead } from "../../storage/read-log/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { subjectStream } from "../signing-requests.ts";

export interface FileReadView {
  readAt: Date;
  role: string;
  roleLabel: { ar: string; en: string };
  /** The agency an agency officer read for (bank:NBOK); null otherwise. */
  agencyKey: string | null;
  what: string;
  whatLabel: { ar: string; en: string };
}

/** Who looked at this file, newest first: for the debtor (and their lawyer with the view scope) and auditors. */
export async function readsOfFile(deps: AppDeps, context: UseCaseContext, input: { fileId: string; before?: { readAt: Date; id: bigint }; limit: number }) {
  const parties = await fileParties(deps.db, input.fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId: input.fileId });
  const access = authorizeOnFile(context.subject, "reads.read_file", input.fileId, parties, deps.clock.now());
  // The debtors' own reads are theirs to know already.
  const debtors = parties.flatMap((party) => (party.partyRole === "debtor" && party.civilId !== null ? [party.civilId] : []));
  const rows = await searchReads(deps.db, {
    fileId: input.fileId,
    excludeReaders: [...new Set([...debtors, context.subject.civilId])],
    ...(input.before ? { after: input.before } : {}),
    limit: input.limit,
  });
  deps.readLog.record(context, { fileIds: [input.fileId], what: "read_log", role: actingRole(context.subject, access, "reads.read_file") });
  return {
    reads: rows.map(
      (row): FileReadView => ({
        readAt: row.readAt,
        role: row.readerRole,
        roleLabel: readerRoleLabel(row.readerRole),
        agencyKey: row.agencyKey,
        what: row.what,
        whatLabel: readKindLabel(row.what),
      }),
    ),
    next: rows.length === input.limit ? { readAt: rows.at(-1)!.readAt, id: rows.at(-1)!.id } : null,
  };
}

export interface ReadLogQuery {
  fileId?: string;
  fileNumber?: string;
  reader?: string;
  role?: string;
  /** Kuwait calendar dates, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  after?: { readAt: Date; id: bigint };
  limit: number;
}

const startOfKuwaitDay = (date: string) => new Date(`${date}T00:00:00.000+03:00`);

/** The auditors' search of the read log. */
export async function searchReadLog(deps: AppDeps, context: UseCaseContext, query: ReadLogQuery): Promise<StoredRead[]> {
  authorizeGlobally(context.subject, "audit.search");
  if (query.from && query.to && query.from > query.to) throw new DomainError("VALIDATION_FAILED", { field: "to", reason: "before from" });
  let fileId = query.fileId;
  let rows: StoredRead[] = [];
  const byNumber = query.fileNumber ? await fileIdByNumber(deps.db, query.fileNumber) : undefined;
  // A number of no file, or of another file than the id given: nothing matches.
  const impossible = byNumber === null || (byNumber !== undefined && fileId !== undefined && fileId !== byNumber);
  if (byNumber) fileId = byNumber;
  if (!impossible) {
    rows = await searchReads(deps.db, {
      limit: query.limit,
      ...(fileId ? { fileId } : {}),
      ...(query.reader ? { reader: query.reader } : {}),
      ...(query.role ? { readerRole: query.role } : {}),
      ...(query.from ? { from: startOfKuwaitDay(query.from) } : {}),
      ...(query.to ? { until: startOfKuwaitDay(addCalendarDays(query.to, 1)) } : {}),
      ...(query.after ? { after: query.after } : {}),
    });
  }
  const { after, limit, ...filters } = query;
  await deps.db.transaction().execute((tx) =>
    appendActions(tx, [
      {
        stream: subjectStream(context.subject.civilId),
        actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "audit.search") },
        kind: "audit.reads_search",
        payload: { filters, page: after ? "next" : "first", limit, results: rows.length },
        correlationId: context.correlationId,
        occurredAt: deps.clock.now(),
      },
    ]),
  );
  deps.readLog.record(context, { fileIds: rows.map((row) => row.fileId), what: "read_log_search", role: actingRole(context.subject, null, "audit.search") });
  return rows;
}
