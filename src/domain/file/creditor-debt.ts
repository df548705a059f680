/**
 * What a file owes each of its creditors (Art. 298: a travel ban lasts until the debt to the
 * creditor who asked for it ends). A file's title awards one claim to its creditors jointly,
 * with no shares stated: each creditor's part of the claim is an equal share (as payouts are
 * shared, src/domain/treasury/sharing.ts); a deposit earmarked for a creditor under Art.
 * 298(d) is received by that creditor alone; everything else the file recovered is shared
 * equally. Exact to the fils (largest remainder).
 */
import { allocateByWeights, type Fils } from "../money/index.ts";

export interface CreditorDebtFacts {
  claimTotal: Fils;
  recoveredTotal: Fils;
  /** The file's creditors (party ids), in a stable order. */
  creditorIds: readonly string[];
  /** What was deposited for each creditor alone (Art. 298(d)); absent: nothing. */
  earmarked: ReadonlyMap<string, Fils>;
}

export interface CreditorDebt {
  creditorId: string;
  claim: Fils;
  received: Fils;
  outstanding: Fils;
}

export function creditorDebts(facts: CreditorDebtFacts): CreditorDebt[] {
  const ids = facts.creditorIds;
  if (ids.length === 0) return [];
  const equal = ids.map(() => 1n);
  const claims = allocateByWeights(facts.claimTotal, equal);
  const earmarkedTotal = ids.reduce((sum, id) => sum + (facts.earmarked.get(id) ?? 0n), 0n);
  const common = facts.recoveredTotal > earmarkedTotal ? facts.recoveredTotal - earmarkedTotal : 0n;
  const commonShares = allocateByWeights(common, equal);
  return ids.map((creditorId, index) => {
    const claim = claims[index]!;
    const received = (facts.earmarked.get(creditorId) ?? 0n) + commonShares[index]!;
    // Once the whole file is paid, nobody is owed anything (whatever the rounding of the shares).
    const outstanding = facts.recoveredTotal >= facts.claimTotal || received >= claim ? 0n : claim - received;
    return { creditorId, claim, received, outstanding };
  });
}
