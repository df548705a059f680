/**
 * The exchange monitor's figures, per agency, in two grouped queries (orders, outbound
 * messages) whatever the number of agencies. Both read only what is open or recent, each
 * through a partial index: orders owing an answer or past their deadline, messages
 * pending, dead, or retried in the last day.
 */
import { sql } from "kysely";
import { answerDueStatuses, awaitingAnswerStatuses } from "../domain/procedures/portal-answers.ts";
import type { Db } from "./database.ts";

export const RECENT_WINDOW_MS = 24 * 3_600_000;

export interface AgencyFigures {
  agencyKey: string;
  orders: {
    /** Orders whose agency owes an answer (to the order, or to its lift). */
    awaitingAnswer: number;
    /** Since when the longest-waiting of them waits (sent, or lift asked), and for how long. */
    oldestAwaitingSince: Date | null;
    oldestAwaitingSeconds: number;
    /** Owing the answer to the order past its due date now. */
    overdue: number;
    /** Deadline breaches recorded by the sweep (Art. 230(e) for banks), answered since or not. */
    deadlineBreaches: number;
  };
  outbound: {
    /** Waiting to be delivered (due now, or waiting for a retry). */
    pending: number;
    /** Of the pending: failed at least once, waiting for the next attempt. */
    retrying: number;
    /** Given up after too many attempts: for staff to re-drive. */
    dead: number;
    oldestPendingSince: Date | null;
    oldestPendingSeconds: number;
    /** Failed delivery attempts of messages not delivered yet (pending and dead). */
    failedAttempts: number;
    /** Messages that needed more than one attempt, updated in the last 24 hours (delivered or not). */
    retriedRecently: number;
  };
}

const ageSeconds = (since: Date | null, now: Date) => (since === null ? 0 : Math.max(0, Math.floor((now.getTime() - since.getTime()) / 1000)));
const toDate = (value: Date | string | null) => (value === null ? null : new Date(value));

/** Figures for every agency named in `agencyKeys` (zeros when idle) and any other that has some. */
export async function agencyMonitorFigures(db: Db, agencyKeys: readonly string[], now: Date): Promise<AgencyFigures[]> {
  const awaiting = sql.join(awaitingAnswerStatuses.map((status) => sql.lit(status)));
  const due = sql.join(answerDueStatuses.map((status) => sql.lit(status)));
  const recent = new Date(now.getTime() - RECENT_WINDOW_MS);
  const [orders, messages] = await Promise.all([
    sql<{ agency_key: string; awaiting: string; oldest: Date | string | null; overdue: string; breaches: string }>`
      SELECT agency_key,
        count(*) FILTER (WHERE status IN (${awaiting})) AS awaiting,
        min(CASE WHEN status IN (${due}) THEN sent_at ELSE updated_at END) FILTER (WHERE status IN (${awaiting})) AS oldest,
        count(*) FILTER (WHERE status IN (${due}) AND answer_due_at < ${now}) AS overdue,
        count(*) FILTER (WHERE deadline_missed_at IS NOT NULL) AS breaches
      FROM agency_orders
      WHERE status IN (${awaiting}) OR deadline_missed_at IS NOT NULL
      GROUP BY agency_key`.execute(db),
    sql<{ agency_key: string; pending: string; retrying: string; dead: string; oldest: Date | string | null; failed: string; retried: string }>`
      SELECT agency_key,
        count(*) FILTER (WHERE status = 'pending') AS pending,
        count(*) FILTER (WHERE status = 'pending' AND last_error IS NOT NULL) AS retrying,
        count(*) FILTER (WHERE status = 'dead') AS dead,
        min(created_at) FILTER (WHERE status = 'pending') AS oldest,
        coalesce(sum(attempts) FILTER (WHERE status IN ('pending', 'dead') AND last_error IS NOT NULL), 0) AS failed,
        count(*) FILTER (WHERE attempts > 1 AND updated_at >= ${recent}) AS retried
      FROM agency_messages
      WHERE direction = 'out' AND (status IN ('pending', 'dead') OR (attempts > 1 AND updated_at >= ${recent}))
      GROUP BY agency_key`.execute(db),
  ]);
  const orderRows = new Map(orders.rows.map((row) => [row.agency_key, row]));
  const messageRows = new Map(messages.rows.map((row) => [row.agency_key, row]));
  const keys = [...new Set([...agencyKeys, ...orderRows.keys(), ...messageRows.keys()])].sort();
  return keys.map((agencyKey) => {
    const order = orderRows.get(agencyKey);
    const message = messageRows.get(agencyKey);
    const oldestAwaiting = toDate(order?.oldest ?? null);
    const oldestPending = toDate(message?.oldest ?? null);
    return {
      agencyKey,
      orders: {
        awaitingAnswer: Number(order?.awaiting ?? 0),
        oldestAwaitingSince: oldestAwaiting,
        oldestAwaitingSeconds: ageSeconds(oldestAwaiting, now),
        overdue: Number(order?.overdue ?? 0),
        deadlineBreaches: Number(order?.breaches ?? 0),
      },
      outbound: {
        pending: Number(message?.pending ?? 0),
        retrying: Number(message?.retrying ?? 0),
        dead: Number(message?.dead ?? 0),
        oldestPendingSince: oldestPending,
        oldestPendingSeconds: ageSeconds(oldestPending, now),
        failedAttempts: Number(message?.failed ?? 0),
        retriedRecently: Number(message?.retried ?? 0),
      },
    };
  });
}
