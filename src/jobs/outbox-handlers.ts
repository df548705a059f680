/**
 * The worker's handler for every outbox topic (src/app/outbox-topics.ts): the compiler
 * checks there is one for each topic and that it takes that topic's payload.
 */
import { dispatchProcedure } from "../app/agency-exchange/dispatch-procedure.ts";
import { sendLift } from "../app/agency-exchange/send-lift.ts";
import type { OutboxHandlers } from "../app/outbox-topics.ts";
import { distributeProceeds } from "../app/treasury/distribute-proceeds.ts";
import { noticeMoneyMoved, noticeProcedureChanged, noticeTitleServed } from "../notices/create-notices.ts";
import { noticeDisputeChanged, noticePlanChanged } from "../notices/dispute-plan-notices.ts";

export const outboxHandlers = {
  "procedure.dispatch": dispatchProcedure,
  "order.lift": sendLift,
  "notice.title_served": ({ tx, now }, payload) => noticeTitleServed(tx, payload, now),
  "notice.procedure_changed": ({ tx, now }, payload) => noticeProcedureChanged(tx, payload, now),
  "notice.dispute_changed": ({ tx, now }, payload) => noticeDisputeChanged(tx, payload, now),
  "notice.instalment_plan_changed": ({ tx, now }, payload) => noticePlanChanged(tx, payload, now),
  "notice.money_moved": ({ tx, now }, payload) => noticeMoneyMoved(tx, payload, now),
  "treasury.distribute": distributeProceeds,
} as const satisfies OutboxHandlers;
