import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { kw2025 } from "../rules/rule-set.ts";
import { capBankHoldings } from "./bank-cap.ts";
import { allowedOf, debtKinds, protectHoldings, protectionTerms, SALARY_CATEGORY, type ProtectedHolding } from "./salary-protection.ts";
import { makeIban, type BankCode } from "../identifiers/index.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute));
const salary = kw2025.values.salary;
const banks: BankCode[] = ["NBOK", "KFHO", "GULB", "BBYN"];
const ibanOf = (bank: BankCode, n: number) => makeIban(bank, `0000${String(n).padStart(18, "0")}`);

describe("salary shares and exempt sums (Art. 216; exempt kinds)", () => {
  test("Art. 216: terms by kind of debt — ordinary 25 %, alimony 50 % and a quarter of maintenance, never above half", () => {
    const general = protectionTerms(salary, "general");
    const alimony = protectionTerms(salary, "alimony");
    assert.equal(general.salaryShareBps, 2500);
    assert.equal(alimony.salaryShareBps, 5000);
    assert.equal(general.exempt.find((kind) => kind.category === "maintenance")!.attachableShareBps, 0);
    assert.equal(alimony.exempt.find((kind) => kind.category === "maintenance")!.attachableShareBps, 2500);
    assert.equal(alimony.exempt.find((kind) => kind.category === "social_assistance")!.attachableShareBps, 0);
    const greedy = protectionTerms({ ...salary, caps: [{ debtKind: "general", maxShareBps: 9000 }] }, "general");
    assert.equal(greedy.salaryShareBps, 5000, "Art. 216: at most half, whatever a table says");
  });

  test("Art. 216: a salary frozen in full at one bank keeps only the share; social assistance is released in full", () => {
    // Before: the cap kept whatever the bank froze up to the debt (a whole salary of KD 1,000 held).
    const iban = ibanOf("NBOK", 1);
    const holdings: ProtectedHolding[] = [
      {
        orderId: "nbok",
        frozenDeclared: 1_300_000n,
        firstExecutedAt: at(1),
        credits: [
          { iban, reference: "SAL-2026-11", category: SALARY_CATEGORY, credited: 1_000_000n, frozen: 1_000_000n },
          { iban, reference: "AID-2026-11", category: "social_assistance", credited: 200_000n, frozen: 200_000n },
        ],
      },
    ];
    const [decision] = protectHoldings(protectionTerms(salary, "general"), holdings);
    assert.equal(decision!.limit, 100_000n + 250_000n);
    assert.equal(decision!.excess, 750_000n + 200_000n);
    assert.deepEqual(
      decision!.credits.map((credit) => [credit.reference, credit.maxFrozen]),
      [
        ["SAL-2026-11", 250_000n],
        ["AID-2026-11", 0n],
      ],
    );
    const [capped] = capBankHoldings(5_000_000n, [{ procedureId: "p", amount: 5_000_000n }], [{ orderId: "nbok", procedureId: "p", frozenDeclared: 1_300_000n, firstExecutedAt: at(1), maxAmount: decision!.limit }]);
    assert.equal(capped!.kept, 350_000n);
  });

  test("Art. 216: two orders holding the same salary share one allowance, the earlier first", () => {
    const iban = ibanOf("KFHO", 2);
    const credit = { iban, reference: "SAL-2026-11", category: SALARY_CATEGORY, credited: 800_000n };
    const decisions = protectHoldings(protectionTerms(salary, "general"), [
      { orderId: "late", frozenDeclared: 200_000n, firstExecutedAt: at(5), credits: [{ ...credit, frozen: 200_000n }] },
      { orderId: "early", frozenDeclared: 150_000n, firstExecutedAt: at(1), credits: [{ ...credit, frozen: 150_000n }] },
    ]);
    assert.deepEqual(
      decisions.map((decision) => [decision.orderId, decision.limit]),
      [
        ["early", 150_000n],
        ["late", 50_000n],
      ],
    );
  });

  const scenario = fc
    .record({
      debtKind: fc.constantFrom(...debtKinds),
      outstanding: fc.bigInt({ min: 0n, max: 10n ** 8n }),
      attachments: fc.array(fc.bigInt({ min: 1n, max: 10n ** 8n }), { minLength: 1, maxLength: 3 }),
      // The debtor's protected credits, each at one bank: salaries and exempt sums of every kind (and a kind no rule names).
      credits: fc.array(
        fc.record({
          bank: fc.nat({ max: banks.length - 1 }),
          category: fc.constantFrom(SALARY_CATEGORY, ...salary.unseizable.map((kind) => kind.id), "unknown_kind"),
          credited: fc.bigInt({ min: 0n, max: 5n * 10n ** 6n }),
        }),
        { maxLength: 6 },
      ),
    })
    .chain(({ debtKind, outstanding, attachments, credits }) =>
      fc
        .array(
          fc.record({
            bank: fc.nat({ max: banks.length - 1 }),
            attachment: fc.nat({ max: attachments.length - 1 }),
            minute: fc.nat({ max: 10_000 }),
            other: fc.bigInt({ min: 0n, max: 10n ** 7n }),
            // What a bank (honest or not) froze of each credit: up to all of it, and more.
            frozenShares: fc.array(fc.integer({ min: 0, max: 12_000 }), { minLength: credits.length, maxLength: credits.length }),
          }),
          { maxLength: 8 },
        )
        .map((orders) => ({
          debtKind,
          outstanding,
          attachments: attachments.map((amount, index) => ({ procedureId: `p${index}`, amount })),
          credits: credits.map((credit, index) => ({ ...credit, iban: ibanOf(banks[credit.bank]!, index), reference: `R${index}` })),
          orders,
        })),
    );

  test("property: across banks and orders, no more than the allowed share of a salary and nothing of an exempt sum is ever held", () => {
    let runs = 0;
    let released = 0n;
    fc.assert(
      fc.property(scenario, ({ debtKind, outstanding, attachments, credits, orders }) => {
        const terms = protectionTerms(salary, debtKind);
        const holdings = orders.map((order, index) => {
          // A bank declares only the credits of its own accounts.
          const own = credits
            .map((credit, creditIndex) => ({ credit, frozen: (credit.credited * BigInt(order.frozenShares[creditIndex]!)) / 10_000n }))
            .filter(({ credit }) => credit.bank === order.bank);
          const protectedFrozen = own.reduce((total, { frozen }) => total + frozen, 0n);
          return {
            orderId: `o${index}`,
            procedureId: `p${order.attachment}`,
            firstExecutedAt: at(order.minute),
            frozenDeclared: order.other + protectedFrozen,
            unprotected: order.other,
            credits: own.map(({ credit, frozen }) => ({ iban: credit.iban, reference: credit.reference, category: credit.category, credited: credit.credited, frozen })),
          };
        });
        const decisions = new Map(protectHoldings(terms, holdings).map((decision) => [decision.orderId, decision]));
        const capped = new Map(
          capBankHoldings(
            outstanding,
            attachments,
            holdings.map((holding) => ({ ...holding, maxAmount: decisions.get(holding.orderId)!.limit })),
          ).map((decision) => [decision.orderId, decision]),
        );
        // What each bank still holds of each credit after the hub's hold.adjust: at most what it is told per credit.
        const heldOf = new Map<string, bigint>();
        for (const holding of holdings) {
          const decision = decisions.get(holding.orderId)!;
          const kept = capped.get(holding.orderId)!.kept;
          let protectedHeld = 0n;
          for (const credit of holding.credits) {
            const told = decision.credits.find((limit) => limit.iban === credit.iban && limit.reference === credit.reference)!.maxFrozen;
            assert.ok(told <= credit.frozen, "never told to hold more of a credit than it froze");
            const held = credit.frozen < told ? credit.frozen : told;
            protectedHeld += held;
            heldOf.set(credit.reference, (heldOf.get(credit.reference) ?? 0n) + held);
          }
          // The hub keeps no more than the unprotected part plus what is allowed of the protected credits.
          assert.ok(kept <= holding.unprotected + protectedHeld, `${holding.orderId} keeps ${kept} > ${holding.unprotected} + ${protectedHeld}`);
          assert.equal(decision.limit + decision.excess, holding.frozenDeclared);
          released += decision.excess;
        }
        for (const credit of credits) {
          const held = heldOf.get(credit.reference) ?? 0n;
          const allowed = allowedOf(terms, credit.category, credit.credited);
          assert.ok(held <= allowed, `${credit.category} ${credit.reference}: held ${held} > allowed ${allowed}`);
          if (credit.category === SALARY_CATEGORY) assert.ok(held * 2n <= credit.credited, "Art. 216: never more than half of a salary");
          else if (!(credit.category === "maintenance" && debtKind === "alimony")) assert.equal(held, 0n, `${credit.category} is exempt: nothing held`);
          else assert.ok(held * 4n <= credit.credited, "maintenance: at most a quarter, for alimony");
        }
        runs++;
      }),
      { numRuns: 2000 },
    );
    assert.equal(runs, 2000);
    assert.ok(released > 0n);
  });
});
