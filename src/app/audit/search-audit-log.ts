/**
 * The auditors' search of the action log: by file (id or number), actor, kind and Kuwait
 * dates, newest first, a page at a time. Read only — except that the search itself is
 * recorded (`audit.search` in the auditor's own stream): the log holds personal data, and
 * reading it is accounted for like any other read of it.
 */
import { DomainError } from "../../domain/errors.ts";
import { addCalendarDays } from "../../domain/rules/calendar.ts";
import { appendActions } from "../../storage/action-log.ts";
import { fileIdByNumber, searchActions, type AuditRow } from "../../storage/audit/repository.ts";
import { actingRole, authorizeGlobally } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { subjectStream } from "../signing-requests.ts";

export interface AuditQuery {
  fileId?: string;
  fileNumber?: string;
  actor?: string;
  kind?: string;
  /** Kuwait calendar dates, YYYY-MM-DD, both included. */
  from?: string;
  to?: string;
  after?: { occurredAt: Date; id: bigint };
  limit: number;
}

/** The first instant of a Kuwait calendar date. */
const startOfKuwaitDay = (date: string) => new Date(`${date}T00:00:00.000+03:00`);

export async function searchAuditLog(deps: AppDeps, context: UseCaseContext, query: AuditQuery): Promise<AuditRow[]> {
  authorizeGlobally(context.subject, "audit.search");
  if (query.from && query.to && query.from > query.to) throw new DomainError("VALIDATION_FAILED", { field: "to", reason: "before from" });
  let fileId = query.fileId;
  if (query.fileNumber) {
    const byNumber = await fileIdByNumber(deps.db, query.fileNumber);
    // A number of no file, or of another file than the id given: nothing matches.
    if (byNumber === null || (fileId !== undefined && fileId !== byNumber)) return recorded(deps, context, query, []);
    fileId = byNumber;
  }
  const rows = await searchActions(deps.db, {
    limit: query.limit,
    ...(fileId ? { fileId } : {}),
    ...(query.actor ? { actor: query.actor } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.from ? { from: startOfKuwaitDay(query.from) } : {}),
    ...(query.to ? { until: startOfKuwaitDay(addCalendarDays(query.to, 1)) } : {}),
    ...(query.after ? { after: query.after } : {}),
  });
  return recorded(deps, context, query, rows);
}

async function recorded(deps: AppDeps, context: UseCaseContext, query: AuditQuery, rows: AuditRow[]): Promise<AuditRow[]> {
  const { after, limit, ...filters } = query;
  deps.readLog.record(context, { fileIds: rows.flatMap((row) => (row.fileId ? [row.fileId] : [])), what: "audit_search", role: actingRole(context.subject, null, "audit.search") });
  await deps.db.transaction().execute((tx) =>
    appendActions(tx, [
      {
        stream: subjectStream(context.subject.civilId),
        actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "audit.search") },
        kind: "audit.search",
        payload: { filters, page: after ? "next" : "first", limit, results: rows.length },
        correlationId: context.correlationId,
        occurredAt: deps.clock.now(),
      },
    ]),
  );
  return rows;
}
