/**
 * Applies the cross-bank cap to one locked file: what each bank order counts as held,
 * and a hold.adjust to every bank holding more than it may keep. Called after anything
 * that changes holdings or what is owed (a declaration, a payment, a transfer, a waiver,
 * a lift); idempotent, so calling it again changes nothing.
 */
import { capBankHoldings } from "../../domain/cap/bank-cap.ts";
import { protectHoldings, type ProtectionDecision, type ProtectionTerms } from "../../domain/cap/salary-protection.ts";
import { outstanding } from "../../domain/file/claim.ts";
import { queueAgencyMessages } from "../../storage/exchange/repository.ts";
import type { Tx } from "../../storage/action-log.ts";
import { bankOrderHoldings, setHolding, type BankOrderHolding } from "../../storage/procedures/repository.ts";
import type { LockedFile } from "../../storage/files/repository.ts";
import type { FileChanges } from "../file-changes.ts";

const participatingProcedureStatuses: readonly string[] = ["dispatched", "in_force"];

/** Why the cap runs, as the hold.adjust it sends states it (docs/agency-protocol.md section 9.2). */
export type AdjustReason = "cap" | "payment" | "transfer";

export interface CapOptions {
  /** What made the cap run: a payment or a transfer lowering what is owed, else the cap itself. Default "cap". */
  reason?: AdjustReason;
  /**
   * Orders whose bank declared above the maximum it was told (a breach): told the maximum
   * again at once, even though the hub's own maximum is already that low.
   */
  reassert?: ReadonlySet<string>;
}

export async function enforceBankCap(tx: Tx, changes: FileChanges, file: LockedFile, now: Date, options: CapOptions = {}): Promise<void> {
  const reason = options.reason ?? "cap";
  // The cap reads orders' statuses: moves held back for a batch are written first.
  await changes.flushOrderMoves();
  const orders = await bankOrderHoldings(tx, file.id);
  if (orders.length === 0) return;
  const participating = orders.filter(
    (order) => order.status === "executed" && participatingProcedureStatuses.includes(order.procedureStatus) && order.firstExecutedAt !== null,
  );
  const protection = protectionOf(participating);
  const attachments = [...new Map(participating.map((order) => [order.procedureId, { procedureId: order.procedureId, amount: order.attachmentAmount ?? 0n }])).values()];
  const decisions = new Map(
    capBankHoldings(
      outstanding(file.claimTotal, file.recoveredTotal),
      attachments,
      participating.map((order) => ({
        orderId: order.id,
        procedureId: order.procedureId,
        frozenDeclared: order.frozenDeclared,
        firstExecutedAt: order.firstExecutedAt!,
        // Art. 216: never more than the order may hold of its salary and exempt credits.
        maxAmount: lowest(order.maxAmount, protection.get(order.id)?.limit ?? null),
      })),
    ).map((decision) => [decision.orderId, decision]),
  );
  for (const order of orders) {
    const decision = decisions.get(order.id);
    // Orders outside the cap (being lifted, nothing found, ended) count as holding nothing.
    const kept = decision?.kept ?? 0n;
    const mustRelease = decision !== undefined && decision.excess > 0n && (order.maxAmount === null || order.maxAmount > kept || options.reassert?.has(order.id) === true);
    const guarded = protection.get(order.id);
    // Salary above its share or an exempt sum held: the bank is told, per credit, what it may hold (attachment.protection).
    const releaseCredits = guarded !== undefined && guarded.excess > 0n && order.protection !== null && (mustRelease || options.reassert?.has(order.id) === true);
    if (releaseCredits) {
      const terms = order.protection as ProtectionTerms;
      await queueAgencyMessages(
        tx,
        [
          {
            agencyKey: order.agencyKey,
            fileId: file.id,
            orderId: order.id,
            message: {
              type: "attachment.protection",
              orderId: order.id,
              fileNumber: file.number,
              debtKind: terms.debtKind,
              salaryShareBps: terms.salaryShareBps,
              exempt: [...terms.exempt],
              credits: guarded.credits.map((credit) => ({ iban: credit.iban, reference: credit.reference, maxFrozen: credit.maxFrozen.toString() })),
            },
          },
        ],
        now,
      );
      changes.record("order.protected_release", { procedureId: order.procedureId, orderId: order.id, payload: { debtKind: terms.debtKind, excess: guarded.excess, credits: guarded.credits.length } });
    }
    if (kept === order.amountHeld && !mustRelease) continue;
    await setHolding(tx, order.id, { held: kept, ...(mustRelease ? { maxAmount: kept } : {}) }, now);
    if (mustRelease) {
      await queueAgencyMessages(
        tx,
        [{ agencyKey: order.agencyKey, fileId: file.id, orderId: order.id, message: { type: "hold.adjust", orderId: order.id, fileNumber: file.number, maxAmount: kept.toString(), reason } }],
        now,
      );
    }
    changes.record("order.hold", {
      procedureId: order.procedureId,
      orderId: order.id,
      payload: { held: kept, frozenDeclared: order.frozenDeclared, released: mustRelease ? decision!.excess : 0n, ...(mustRelease ? { reason } : {}) },
    });
  }
}

const lowest = (a: bigint | null, b: bigint | null): bigint | null => (a === null ? b : b === null ? a : a < b ? a : b);

/**
 * Art. 216 across the file's orders sent with terms (kw-2025.3 on): each order's limit after
 * its salary and exempt credits. A credit's allowance is shared by every order holding it;
 * should orders carry different terms (a later rule version), the strictest applies to all.
 * An order whose credits do not detail its last declaration (one of the two still on its way,
 * or reordered) waits for them: limited on stale credits, it could be told to release money
 * that is not a salary's, and a maximum is never raised again.
 */
function protectionOf(orders: readonly BankOrderHolding[]): Map<string, ProtectionDecision> {
  const guarded = orders.filter((order) => order.protection !== null && order.protectionSequence === order.declarationSequence);
  if (guarded.length === 0) return new Map();
  const terms = guarded
    .map((order) => order.protection as ProtectionTerms)
    .reduce((strictest, candidate) => (candidate.salaryShareBps < strictest.salaryShareBps ? candidate : strictest));
  return new Map(
    protectHoldings(
      terms,
      guarded.map((order) => ({ orderId: order.id, frozenDeclared: order.frozenDeclared, firstExecutedAt: order.firstExecutedAt!, credits: order.protectedCredits })),
    ).map((decision) => [decision.orderId, decision]),
  );
}
