/**
 * The judge decides an enforcement dispute, with reasons:
 * - suspend: enforcement of the file is suspended (only with the bond posted, where the
 *   rules of the filing make it a condition). New measures are refused and orders not yet
 *   dispatched wait; the bans and attachments already in force stay.
 * - refuse_suspension: enforcement goes on while the dispute awaits its ruling.
 * - uphold: the measures the judge names are lifted (their agencies get lift orders);
 *   the dispute ends, and any suspension with it.
 * - dismiss: the dispute ends; a suspension ends and held orders are dispatched.
 */
import type { DisputePayload } from "../../domain/audit/action-kinds.ts";
import { DomainError } from "../../domain/errors.ts";
import { isActiveProcedureStatus } from "../../domain/procedures/index.ts";
import { nextDisputeStatus, suspendDispute, type DisputeEvent } from "../../domain/disputes/dispute-machine.ts";
import { ruleVersionById } from "../../domain/rules/index.ts";
import { disputeOfFile, updateDispute } from "../../storage/disputes/repository.ts";
import { ordersOfProcedures, proceduresOfFile } from "../../storage/procedures/repository.ts";
import { closeItemOfSubject } from "../../storage/review/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { enforceBankCap } from "../agency-exchange/enforce-bank-cap.ts";
import { resumeHeldDispatches } from "../enforcement-holds.ts";
import { FileChanges } from "../file-changes.ts";
import { openFileSession } from "../locked-file.ts";
import { notifyDispute, type DisputeNoticeEvent } from "./notify.ts";

export const disputeDecisions = ["suspend", "refuse_suspension", "uphold", "dismiss"] as const;
export type DisputeDecision = (typeof disputeDecisions)[number];

export interface DecideDisputeInput {
  fileId: string;
  disputeId: string;
  decision: DisputeDecision;
  reasons: string;
  /** Uphold: the measures of the file the judge orders lifted (none: the ruling lifts nothing). */
  liftProcedureIds?: readonly string[];
}

const eventOf: Record<DisputeDecision, DisputeEvent> = { suspend: "suspend", refuse_suspension: "refuseSuspension", uphold: "uphold", dismiss: "dismiss" };
const noticeOf: Record<DisputeDecision, DisputeNoticeEvent> = { suspend: "suspended", refuse_suspension: "suspension_refused", uphold: "upheld", dismiss: "dismissed" };

export async function decideDispute(deps: AppDeps, context: UseCaseContext, input: DecideDisputeInput) {
  const now = deps.clock.now();
  const reasons = input.reasons.trim();
  if (reasons.length === 0) throw new DomainError("VALIDATION_FAILED", { field: "reasons", reason: "required" });
  if (input.liftProcedureIds !== undefined && input.decision !== "uphold") throw new DomainError("VALIDATION_FAILED", { field: "liftProcedureIds", reason: "only when the dispute is upheld" });
  const liftIds = [...new Set(input.liftProcedureIds ?? [])];
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "dispute.decide", now);
    const dispute = await disputeOfFile(tx, file.id, input.disputeId);
    if (!dispute) throw new DomainError("DISPUTE_NOT_FOUND", { disputeId: input.disputeId });
    const event = eventOf[input.decision];
    const version = ruleVersionById(deps.rules, dispute.ruleVersion);
    if (!version) throw new DomainError("RULES_NOT_IN_FORCE", { ruleVersion: dispute.ruleVersion });
    // Judged by the rules in force when the dispute was filed.
    const next = input.decision === "suspend" ? suspendDispute(dispute.status, dispute.bondStatus, version.values.disputes.suspensionRequiresBond) : nextDisputeStatus(dispute.status, event);
    const procedures = await proceduresOfFile(tx, file.id);
    const payload: DisputePayload = { disputeId: dispute.id, event, decision: input.decision, bondStatus: dispute.bondStatus, ruleVersion: dispute.ruleVersion };

    if (input.decision === "suspend") {
      // Earlier bans and attachments stay: named here so the record shows what was not touched.
      payload.measuresStaying = procedures.filter((procedure) => isActiveProcedureStatus(procedure.status)).map((procedure) => procedure.id);
    }
    const ending = input.decision === "uphold" || input.decision === "dismiss";
    const wasSuspended = dispute.status === "suspended";
    await updateDispute(
      tx,
      dispute,
      {
        status: next,
        ...(next === "suspended" ? { suspended_at: now } : {}),
        ...(ending ? { ruled_at: now, ...(wasSuspended ? { suspension_ended_at: now } : {}) } : {}),
      },
      now,
    );
    changes.record(`dispute.${event}`, { payload, reason: reasons });

    if (input.decision === "uphold") {
      const orders = await ordersOfProcedures(tx, liftIds);
      for (const procedureId of liftIds) {
        const procedure = procedures.find((candidate) => candidate.id === procedureId);
        if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId });
        const endEvent = FileChanges.satisfactionEvent(procedure);
        if (endEvent === null) throw new DomainError("TRANSITION_NOT_ALLOWED", { procedureId, status: procedure.status, event: "lift" });
        await changes.endProcedure(procedure, orders.filter((order) => order.procedureId === procedure.id), endEvent, reasons, { cause: "dispute_upheld", disputeId: dispute.id });
      }
      await enforceBankCap(tx, changes, file, now);
    }
    if (ending) {
      if (wasSuspended) {
        const resumed = await resumeHeldDispatches(tx, changes, file.id);
        changes.record("dispute.suspension_end", { payload: { disputeId: dispute.id, resumedProcedureIds: resumed } });
      }
      await closeItemOfSubject(tx, "dispute", dispute.id, next, context.subject.civilId, now);
    }
    notifyDispute(changes, dispute.id, noticeOf[input.decision], now);
    await changes.commit();
    return { id: dispute.id, status: next, liftedProcedureIds: input.decision === "uphold" ? liftIds : [] };
  });
}
