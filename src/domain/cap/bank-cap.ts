/**
 * The cross-bank cap. Each bank freezes up to the attachment's amount on its own, so
 * together they may freeze many times what is owed. The hub keeps the earliest holdings
 * — in the order banks first froze — up to each attachment's amount and, across all of
 * a file's attachments, up to what is outstanding; the rest is released at once. Pure:
 * the same inputs always give the same answer, whatever order replies arrived in.
 */
import type { Fils } from "../money/index.ts";

export interface CappedAttachment {
  procedureId: string;
  /** What the creditor asked to attach (never more than was outstanding then). */
  amount: Fils;
}

export interface CappedHolding {
  orderId: string;
  procedureId: string;
  /** What the bank last declared frozen under the order. */
  frozenDeclared: Fils;
  /** When the bank first froze anything under it: earlier holdings are kept first. */
  firstExecutedAt: Date;
  /**
   * The most the order may hold (its maximum as last set); null or absent: no limit of its
   * own. A bank that declares above it is counted at most at it (the rest is excess).
   */
  maxAmount?: Fils | null | undefined;
}

export interface CapDecision {
  orderId: string;
  kept: Fils;
  /** Frozen beyond what may be kept: to be released now. */
  excess: Fils;
}

const minOf = (...amounts: Fils[]) => amounts.reduce((least, amount) => (amount < least ? amount : least));

export function capBankHoldings(
  outstanding: Fils,
  attachments: readonly CappedAttachment[],
  holdings: readonly CappedHolding[],
): CapDecision[] {
  let fileRoom = outstanding < 0n ? 0n : outstanding;
  const attachmentRoom = new Map(attachments.map((attachment) => [attachment.procedureId, attachment.amount]));
  const arrival = [...holdings].sort(
    (a, b) => a.firstExecutedAt.getTime() - b.firstExecutedAt.getTime() || (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0),
  );
  return arrival.map((holding) => {
    const room = attachmentRoom.get(holding.procedureId) ?? 0n;
    const limit = holding.maxAmount ?? null;
    const kept = limit === null ? minOf(holding.frozenDeclared, room, fileRoom) : minOf(holding.frozenDeclared, room, fileRoom, limit < 0n ? 0n : limit);
    attachmentRoom.set(holding.procedureId, room - kept);
    fileRoom -= kept;
    return { orderId: holding.orderId, kept, excess: holding.frozenDeclared - kept };
  });
}
