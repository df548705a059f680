/**
 * Art. 298: a travel ban lasts until the debt to the creditor who asked for it ends. A ban
 * requested under a rule version that ends bans per creditor (`travelBan.endsWith`:
 * "creditor", from kw-2025.5) records that creditor (`parameters.forCreditorPartyId`); once
 * the file owes that creditor nothing — their share paid, or deposited for them under Art.
 * 298(d) — the ban is lifted (a lift order to the ports), whatever the file still owes its
 * other creditors. Bans requested earlier keep ending with the file (record-ledger-entry.ts).
 */
import { creditorDebts, type CreditorDebt } from "../domain/file/creditor-debt.ts";
import { formatKwd } from "../domain/money/index.ts";
import type { ProcedureStatus } from "../domain/procedures/index.ts";
import type { Tx } from "../storage/action-log.ts";
import type { LockedFile } from "../storage/files/repository.ts";
import { ordersOfProcedures, travelBansForCreditors } from "../storage/procedures/repository.ts";
import { earmarkedDepositsOfFile } from "../storage/treasury/repository.ts";
import { FileChanges } from "./file-changes.ts";

/** What the file owes each of its creditors now (src/domain/file/creditor-debt.ts). */
export async function creditorDebtsOfFile(tx: Tx, file: LockedFile): Promise<CreditorDebt[]> {
  const creditorIds = file.parties.filter((party) => party.partyRole === "creditor").map((party) => party.id);
  return creditorDebts({ claimTotal: file.claimTotal, recoveredTotal: file.recoveredTotal, creditorIds, earmarked: await earmarkedDepositsOfFile(tx, file.id) });
}

const notEnded: readonly ProcedureStatus[] = ["requested", "under_review", "ordered", "dispatched", "in_force"];

/** Lifts (or, before anything was sent, ends) every ban of the file whose creditor is owed nothing now; returns their ids. */
export async function endBansOfPaidCreditors(tx: Tx, changes: FileChanges, file: LockedFile): Promise<string[]> {
  const bans = await travelBansForCreditors(tx, file.id, notEnded);
  if (bans.length === 0) return [];
  const debts = new Map((await creditorDebtsOfFile(tx, file)).map((debt) => [debt.creditorId, debt]));
  const ended: string[] = [];
  for (const { procedure, creditorPartyId } of bans) {
    const debt = debts.get(creditorPartyId);
    if (!debt || debt.outstanding > 0n) continue;
    const event = FileChanges.satisfactionEvent(procedure);
    if (event === null) continue;
    const received = formatKwd(debt.received);
    await changes.endProcedure(
      procedure,
      await ordersOfProcedures(tx, [procedure.id]),
      event,
      `انقضى دين الدائن الذي طلب المنع من السفر (تسلّم ${received} د.ك من حصته)، فيُرفع المنع وإن بقي لغيره دين في الملف (المادة 298). — ` +
        `The debt to the creditor who asked for the travel ban has ended (KD ${received} received for their share); the ban is lifted although others on the file are still owed (Art. 298).`,
      { cause: "art_298", ground: "creditor_paid", creditorPartyId, claim: debt.claim, received: debt.received },
    );
    ended.push(procedure.id);
  }
  return ended;
}
