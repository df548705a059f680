/**
 * Salaries and exempt sums over the real exchange (Art. 216; the unattachable kinds; rule
 * version kw-2025.3, 9 December 2026): an attachment order goes to each bank with its terms
 * (attachment.protection), banks declare salary and exempt credits separately
 * (protection.declaration), and the hub keeps of a salary no more than the share for the kind
 * of debt and nothing of an exempt sum. A bank that freezes a whole salary is told per credit
 * what it may hold (attachment.protection with credits) and the lower maximum (hold.adjust),
 * and releases it. Before kw-2025.3 (the old behaviour) the hub held the whole salary.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openFile } from "../../src/app/open-file.ts";
import { registerPersons } from "../../src/app/registry.ts";
import { requestProcedure } from "../../src/app/request-procedure.ts";
import { attestTitleService } from "../../src/app/title-service/attest-title-service.ts";
import { generateAccounts } from "../../src/agencies/simulators/data.ts";
import { systemSubject } from "../../src/domain/access/system-subject.ts";
import { commercialBankCodes, makeCivilId, type BankCode } from "../../src/domain/identifiers/index.ts";
import type { DebtKind } from "../../src/domain/file/title.ts";
import { verifyAudit } from "../../src/storage/verify-audit.ts";
import { startExchange, type Exchange } from "../support/exchange.ts";
import { people, titleInput } from "../support/fixtures.ts";

let exchange: Exchange;
let serial = 4100;

before(async () => {
  exchange = await startExchange();
});
after(() => exchange.close());

interface Found {
  civilId: string;
  bank: BankCode;
  iban: string;
  salary: { reference: string; amount: bigint };
  exempt: { reference: string; category: string; amount: bigint } | null;
  /** Everything the debtor has at every bank. */
  money: bigint;
}

/** A debtor of the stand-ins' seed (7) with a salary credit at one bank (and, when asked, an exempt credit beside it). */
function findDebtor(withExempt: boolean): Found {
  for (;;) {
    const civilId = makeCivilId({ year: 1979, month: 4, day: 12 }, serial++);
    if (!civilId) continue;
    let found: Omit<Found, "money"> | null = null;
    let money = 0n;
    for (const bank of commercialBankCodes) {
      for (const account of generateAccounts(7, bank, civilId)) {
        money += account.balance;
        const salary = account.credits?.find((credit) => credit.category === "salary");
        const exempt = account.credits?.find((credit) => credit.category !== "salary" && credit.category !== "maintenance") ?? null;
        if (!found && salary && salary.amount >= 400_000n && (!withExempt || exempt)) found = { civilId, bank, iban: account.iban, salary, exempt };
      }
    }
    if (found) return { ...found, money };
  }
}

async function attachAt(at: string, debtKind: DebtKind, withExempt: boolean) {
  exchange.world.clock.advance(Date.parse(at) - exchange.world.clock.now().getTime());
  const debtor = findDebtor(withExempt);
  const person = { civilId: debtor.civilId, nameAr: "موظف مدين", nameEn: "Salaried Debtor", nationality: "KWT", email: null, phone: null };
  await registerPersons(exchange.world.deps, { subject: systemSubject, correlationId: "salary" }, [person]);
  exchange.simulators.loadPersons([{ ...person, alive: true }]);
  // A debt far above what the debtor has: nothing but the shares limits what is held.
  const file = await openFile(exchange.world.deps, await exchange.world.as(people.clerk), {
    title: titleInput({ debtKind }),
    creditors: [{ civilId: people.creditor }],
    debtors: [{ civilId: debtor.civilId }],
    claim: { principal: debtor.money + 100_000_000n, costs: 0n, fees: 0n, interest: 0n },
  });
  const parties = await exchange.database.db.selectFrom("file_parties").select(["id", "party_role"]).where("file_id", "=", file.id).execute();
  const debtorPartyId = parties.find((party) => party.party_role === "debtor")!.id;
  await attestTitleService(exchange.world.deps, await exchange.world.as(people.clerk), { fileId: file.id, debtorPartyId, servedAt: new Date(Date.parse(at) - 2 * 86_400_000), reference: `PS-${serial}` });
  const procedure = await requestProcedure(exchange.world.deps, await exchange.world.as(people.creditor), { kind: "bank_attachment", fileId: file.id, debtorPartyId, amount: debtor.money + 100_000_000n, banks: "all" });
  await exchange.settle();
  const orders = await exchange.database.db
    .selectFrom("agency_orders")
    .select(["id", "agency_key", "amount_held", "frozen_declared", "protection"])
    .where("procedure_id", "=", procedure.id)
    .execute();
  const order = orders.find((candidate) => candidate.agency_key === `bank:${debtor.bank}`)!;
  const view = exchange.simulators.bank(debtor.bank).order(order.id)!;
  const heldOf = (reference: string) => BigInt(view.frozenCredits[`${debtor.iban} ${reference}`] ?? "0");
  const rows = await exchange.database.db.selectFrom("agency_messages").select(["message_type", "body"]).where("order_id", "=", order.id).where("direction", "=", "out").execute();
  const sent = rows.map((row) => ({ type: row.message_type, body: (typeof row.body === "string" ? JSON.parse(row.body) : row.body) as Record<string, unknown> }));
  return { debtor, file, order, view, heldOf, sent, totalHub: orders.reduce((total, candidate) => total + candidate.amount_held, 0n) };
}

describe("salary shares and exempt sums honoured (Decree-Law 38/1980, Art. 216; exempt kinds)", () => {
  test("before kw-2025.3 (the old behaviour): no terms; a bank freezing the whole salary kept it all", async () => {
    for (const code of commercialBankCodes) exchange.simulators.bank(code).honoursProtection = false;
    try {
      // Requested on 8 December 2026 (kw-2025.2): judged by the version in force when made.
      const { debtor, order, view, heldOf } = await attachAt("2026-12-08T06:00:00Z", "general", false);
      assert.equal(order.protection, null);
      assert.equal(view.terms, null);
      assert.equal(heldOf(debtor.salary.reference), debtor.salary.amount, "the whole salary frozen");
      assert.equal(order.amount_held, BigInt(view.totalFrozen), "and the hub counted it all, as before");
    } finally {
      for (const code of commercialBankCodes) exchange.simulators.bank(code).honoursProtection = true;
    }
  });

  test("Art. 216, kw-2025.3: a bank freezing a whole salary and social aid is told to release all but 25 % of the salary; the hub never counts more", async () => {
    // The bank ignores the terms it is sent (freezes whole salaries): the hub must correct it.
    for (const code of commercialBankCodes) exchange.simulators.bank(code).honoursProtection = false;
    try {
      const { debtor, order, view, heldOf, sent } = await attachAt("2026-12-09T06:00:00Z", "general", true);
      assert.ok(order.protection, "the order was sent with its terms");
      assert.equal(view.terms?.salaryShareBps, 2500);
      const share = debtor.salary.amount / 4n;
      assert.ok(heldOf(debtor.salary.reference) <= share, `salary held ${heldOf(debtor.salary.reference)} > 25 % (${share})`);
      assert.equal(heldOf(debtor.exempt!.reference), 0n, `${debtor.exempt!.category} is exempt: nothing held`);
      // What the hub counts as held is what the bank still holds, and within the share.
      assert.equal(order.amount_held, BigInt(view.totalFrozen));
      const types = sent.map((message) => message.type);
      assert.ok(types.includes("attachment.protection"), "terms sent");
      const limited = sent.filter((message) => message.type === "attachment.protection" && ((message.body as { credits: unknown[] }).credits ?? []).length > 0);
      assert.ok(limited.length >= 1, "the bank was told per credit what it may hold");
      assert.ok(types.includes("hold.adjust"), "and the lower maximum");
    } finally {
      for (const code of commercialBankCodes) exchange.simulators.bank(code).honoursProtection = true;
    }
  });

  test("Art. 216, alimony: an honest bank holds half of the salary from the start; nothing to correct", async () => {
    const { debtor, order, view, heldOf, sent } = await attachAt("2026-12-10T06:00:00Z", "alimony", false);
    assert.equal(view.terms?.salaryShareBps, 5000);
    const half = debtor.salary.amount / 2n;
    assert.ok(heldOf(debtor.salary.reference) <= half);
    assert.equal(order.amount_held, BigInt(view.totalFrozen));
    const limited = sent.filter((message) => message.type === "attachment.protection" && ((message.body as { credits: unknown[] }).credits ?? []).length > 0);
    assert.equal(limited.length, 0, "a bank that applies the terms is never corrected");
  });

  test("the audit chain and projections hold", async () => {
    const report = await verifyAudit(exchange.database.db);
    assert.deepEqual(report.chainProblems, []);
    assert.deepEqual(report.projectionProblems, []);
  });
});
