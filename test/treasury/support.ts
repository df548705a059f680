/**
 * Helpers for the treasury tests: files with several creditors (each with a payout IBAN),
 * the money events other parts of the system post (a bank's transfer as the hub applies
 * it, a fee), and the invariants every step must keep.
 */
import assert from "node:assert/strict";
import { openFile } from "../../src/app/open-file.ts";
import { openFileAsSystem } from "../../src/app/locked-file.ts";
import { creditFile } from "../../src/app/record-ledger-entry.ts";
import { bookTransferExcess } from "../../src/app/treasury/book-transfer-excess.ts";
import { postTreasuryMovement } from "../../src/app/treasury/post-movement.ts";
import { readFileTreasury } from "../../src/app/treasury/read-file-treasury.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { makeIban } from "../../src/domain/identifiers/index.ts";
import { naturalBalance, ACCOUNT_CODES } from "../../src/domain/treasury/accounts.ts";
import type { Db } from "../../src/storage/database.ts";
import { unbalancedEntries } from "../../src/storage/treasury/reads.ts";
import { companyCr, people, titleInput, type World } from "../support/fixtures.ts";

export const ibanFor = (serial: number) => makeIban("NBOK", String(serial).padStart(22, "0"));
const system = { subject: systemSubject, correlationId: "treasury-test" };

/** A file against `debtor` with the given creditors (1–3 of: person, other person, company), all with IBANs. */
export async function openSharedFile(world: World, debtor: string, creditorCount: number, principal: bigint): Promise<{ id: string; creditorPartyIds: string[]; ibans: string[]; claim: bigint }> {
  const candidates = [{ civilId: people.creditor }, { civilId: people.otherCreditor }, { crNumber: companyCr }];
  const creditors = candidates.slice(0, creditorCount).map((creditor, index) => ({ ...creditor, payoutIban: ibanFor(1000 + index) }));
  const file = await openFile(world.deps, await world.as(people.clerk), {
    title: titleInput(),
    creditors,
    debtors: [{ civilId: debtor }],
    claim: { principal, costs: 0n, fees: 0n, interest: 0n },
  });
  const parties = await world.deps.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).orderBy("id").execute();
  return { id: file.id, creditorPartyIds: parties.filter((party) => party.party_role === "creditor").map((party) => party.id), ibans: creditors.map((creditor) => creditor.payoutIban), claim: principal };
}

/** A bank's transfer as the hub applies it: what is owed is credited, the rest is owed back. */
export async function applyBankTransfer(world: World, fileId: string, amount: bigint, reference: string): Promise<{ credited: bigint; excess: bigint }> {
  const now = world.clock.now();
  return world.deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileAsSystem(tx, fileId, { id: "bank:NBOK", role: "agency" }, "treasury-test", now);
    const owed = file.claimTotal - file.recoveredTotal;
    const credited = file.status === "open" ? (amount > owed ? owed : amount) : 0n;
    if (credited > 0n) {
      await creditFile(tx, changes, file, { kind: "recovery", amount: credited, source: "frozen_funds_transfer", reference, recordedBy: "bank:NBOK" }, world.deps.newId, now);
    }
    await bookTransferExcess(tx, changes, { fileId, procedureId: null, orderId: null, agencyKey: "bank:NBOK", amount: amount - credited, reference }, now, world.deps.newId);
    await changes.commit();
    return { credited, excess: amount - credited };
  });
}

/** A fee captured (or refunded) through the gateway, as the payments part posts it. */
export async function postFee(world: World, fileId: string, kind: "fee_received" | "fee_refunded", amount: bigint, reference: string) {
  await world.deps.db.transaction().execute((tx) =>
    postTreasuryMovement(tx, { kind, channel: "online_payment", fileId, amount, reference, occurredAt: world.clock.now() }, { newId: world.deps.newId }),
  );
}

/** Natural balances of every account across all files. */
export async function accountBalances(db: Db): Promise<Record<string, bigint>> {
  const rows = await db.selectFrom("treasury_lines").select(["account", (eb) => eb.fn.sum<string>("debit").as("debits"), (eb) => eb.fn.sum<string>("credit").as("credits")]).groupBy("account").execute();
  const balances: Record<string, bigint> = {};
  for (const code of ACCOUNT_CODES) {
    const row = rows.find((candidate) => candidate.account === code);
    balances[code] = row ? naturalBalance(code, BigInt(row.debits), BigInt(row.credits)) : 0n;
  }
  return balances;
}

/** Every entry balances; the file's identity holds: paid out + held + outstanding + paid outside = claim. */
export async function assertFileIdentity(world: World, fileId: string, claim: bigint): Promise<void> {
  assert.deepEqual(await unbalancedEntries(world.deps.db, null), [], "every entry balances");
  const treasury = await readFileTreasury(world.deps, system, fileId);
  assert.equal(treasury.claim, claim);
  assert.equal(treasury.position.paidOut + treasury.position.held + treasury.outstanding + treasury.paidOutside, claim, "paid out + held + outstanding (+ paid outside) = claim");
  assert.ok(treasury.position.held >= 0n && treasury.position.heldCommon >= 0n, "nothing held below zero");
}
