import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { capBankHoldings, type CappedAttachment, type CappedHolding } from "./bank-cap.ts";
import { checkDeclaration, overDeclaration, type AnswerCheckCode } from "../exchange/answer-checks.ts";
import { commercialBankCodes, makeIban, type BankCode } from "../identifiers/index.ts";

const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 8, minute));

describe("capBankHoldings", () => {
  test("keeps the earliest holdings up to what is owed and releases the rest", () => {
    const decisions = capBankHoldings(
      1_000_000n,
      [{ procedureId: "p", amount: 1_000_000n }],
      [
        { orderId: "nbok", procedureId: "p", frozenDeclared: 700_000n, firstExecutedAt: at(2) },
        { orderId: "kfho", procedureId: "p", frozenDeclared: 600_000n, firstExecutedAt: at(1) },
        { orderId: "gulb", procedureId: "p", frozenDeclared: 900_000n, firstExecutedAt: at(3) },
      ],
    );
    assert.deepEqual(decisions, [
      { orderId: "kfho", kept: 600_000n, excess: 0n },
      { orderId: "nbok", kept: 400_000n, excess: 300_000n },
      { orderId: "gulb", kept: 0n, excess: 900_000n },
    ]);
  });

  test("an attachment of part of the debt keeps no more than its amount, and the file no more than outstanding", () => {
    const decisions = capBankHoldings(
      500n,
      [
        { procedureId: "a", amount: 300n },
        { procedureId: "b", amount: 400n },
      ],
      [
        { orderId: "a1", procedureId: "a", frozenDeclared: 1_000n, firstExecutedAt: at(1) },
        { orderId: "b1", procedureId: "b", frozenDeclared: 1_000n, firstExecutedAt: at(2) },
      ],
    );
    assert.deepEqual(decisions.map((decision) => decision.kept), [300n, 200n]);
  });

  const scenario = fc
    .record({
      outstanding: fc.bigInt({ min: 0n, max: 10n ** 9n }),
      attachments: fc.array(fc.bigInt({ min: 1n, max: 10n ** 9n }), { minLength: 1, maxLength: 4 }),
    })
    .chain(({ outstanding, attachments }) =>
      fc
        .array(
          fc.record({
            attachment: fc.nat({ max: attachments.length - 1 }),
            frozen: fc.bigInt({ min: 0n, max: 2n * 10n ** 9n }),
            minute: fc.nat({ max: 10_000 }),
          }),
          { maxLength: 20 },
        )
        .map((raw) => ({
          outstanding,
          attachments: attachments.map((amount, index): CappedAttachment => ({ procedureId: `p${index}`, amount })),
          holdings: raw.map((holding, index): CappedHolding => ({
            orderId: `o${index}`,
            procedureId: `p${holding.attachment}`,
            frozenDeclared: holding.frozen,
            firstExecutedAt: at(holding.minute),
          })),
        })),
    );

  test("property: never keeps more than outstanding, than any attachment, or than a bank froze; kept + excess = frozen", () => {
    fc.assert(
      fc.property(scenario, ({ outstanding, attachments, holdings }) => {
        const decisions = capBankHoldings(outstanding, attachments, holdings);
        const byOrder = new Map(holdings.map((holding) => [holding.orderId, holding]));
        let total = 0n;
        const perAttachment = new Map<string, bigint>();
        for (const decision of decisions) {
          const holding = byOrder.get(decision.orderId)!;
          assert.ok(decision.kept >= 0n && decision.excess >= 0n);
          assert.equal(decision.kept + decision.excess, holding.frozenDeclared);
          total += decision.kept;
          perAttachment.set(holding.procedureId, (perAttachment.get(holding.procedureId) ?? 0n) + decision.kept);
        }
        assert.ok(total <= outstanding);
        for (const attachment of attachments) assert.ok((perAttachment.get(attachment.procedureId) ?? 0n) <= attachment.amount);
        assert.equal(decisions.length, holdings.length);
      }),
    );
  });

  test("property: nothing is released while there is room (kept is as much as the limits allow)", () => {
    fc.assert(
      fc.property(scenario, ({ outstanding, attachments, holdings }) => {
        const decisions = capBankHoldings(outstanding, attachments, holdings);
        const total = decisions.reduce((sum, decision) => sum + decision.kept, 0n);
        const byOrder = new Map(holdings.map((holding) => [holding.orderId, holding]));
        for (const decision of decisions.filter((candidate) => candidate.excess > 0n)) {
          const procedureId = byOrder.get(decision.orderId)!.procedureId;
          const keptForAttachment = decisions
            .filter((other) => byOrder.get(other.orderId)!.procedureId === procedureId)
            .reduce((sum, other) => sum + other.kept, 0n);
          const amount = attachments.find((attachment) => attachment.procedureId === procedureId)!.amount;
          // An excess means a limit is reached: the file's outstanding or this attachment's amount.
          assert.ok(total === outstanding || keptForAttachment === amount);
        }
      }),
    );
  });

  test("property: the answer does not depend on the order the replies arrived in", () => {
    fc.assert(
      fc.property(scenario, fc.nat(), ({ outstanding, attachments, holdings }, seed) => {
        const shuffled = [...holdings].sort((a, b) => ((a.orderId.length * 31 + seed) % 7) - ((b.orderId.length * 17 + seed) % 5));
        const key = (decisions: ReturnType<typeof capBankHoldings>) => JSON.stringify(decisions, (_, value) => (typeof value === "bigint" ? value.toString() : value));
        assert.equal(key(capBankHoldings(outstanding, attachments, shuffled)), key(capBankHoldings(outstanding, attachments, holdings)));
      }),
    );
  });

  /**
   * Banks that misbehave: each step one bank sends a declaration that may over-declare
   * (above the maximum it was told), mis-sum (`totalFrozen` ≠ Σ frozen), name an IBAN that
   * fails mod 97 or belongs to another bank, or ignore the hold.adjust it was sent. The hub
   * checks each (a refused one changes nothing), records over-declarations as breaches,
   * counts what the cap allows and tells the bank its maximum again. Held across all banks
   * never exceeds what is outstanding — after every single answer.
   */
  type Misconduct = "honest" | "over" | "missum" | "bad_checksum" | "other_bank" | "ignore_adjust";
  const misbehaving = fc.record({
    outstanding: fc.bigInt({ min: 1n, max: 10n ** 8n }),
    banks: fc.integer({ min: 1, max: 6 }),
    steps: fc.array(
      fc.record({
        bank: fc.nat({ max: 5 }),
        frozen: fc.bigInt({ min: 0n, max: 3n * 10n ** 8n }),
        accounts: fc.integer({ min: 1, max: 3 }),
        misconduct: fc.constantFrom<Misconduct>("honest", "over", "missum", "bad_checksum", "other_bank", "ignore_adjust"),
        payPermille: fc.integer({ min: 0, max: 400 }),
      }),
      { minLength: 1, maxLength: 25 },
    ),
  });
  const figures = { runs: 0, answers: 0, refused: new Map<AnswerCheckCode, number>(), breaches: 0, adjusts: 0, maxHeldShare: 0 };

  test("property: banks that over-declare, mis-sum or name wrong IBANs never make the hub hold more than is outstanding", () => {
    fc.assert(
      fc.property(misbehaving, ({ outstanding: owedAtStart, banks, steps }) => {
        figures.runs++;
        let outstanding = owedAtStart;
        const codes = commercialBankCodes.slice(0, banks) as BankCode[];
        // Per bank order: the most it was told, its last applied declaration, when it first froze.
        const orders = codes.map((code, index) => ({ code, orderId: `o${index}`, told: owedAtStart, max: owedAtStart as bigint, sequence: 0, frozen: 0n, first: null as Date | null }));
        steps.forEach((step, minute) => {
          const order = orders[step.bank % orders.length]!;
          figures.answers++;
          const sequence = order.sequence + 1;
          // What the bank says it froze: within its maximum unless it over-declares.
          const total = step.misconduct === "over" ? order.told + 1n + step.frozen : step.frozen > order.told ? order.told : step.frozen;
          const parts = Array.from({ length: step.accounts }, (_, index) => (index === 0 ? total - (total / BigInt(step.accounts)) * BigInt(step.accounts - 1) : total / BigInt(step.accounts)));
          const ibanBank = step.misconduct === "other_bank" ? commercialBankCodes[(commercialBankCodes.indexOf(order.code) + 1) % commercialBankCodes.length]! : order.code;
          const accounts = parts.map((frozen, index) => {
            const iban = makeIban(ibanBank, String(minute * 10 + index).padStart(22, "0")) as string;
            // A wrong check digit: the two digits after KW changed.
            const broken = step.misconduct === "bad_checksum" && index === 0 ? `KW${String((Number(iban.slice(2, 4)) + 1) % 100).padStart(2, "0")}${iban.slice(4)}` : iban;
            return { iban: broken, frozen: frozen.toString() };
          });
          const totalFrozen = step.misconduct === "missum" ? (total + 1n).toString() : total.toString();
          const message = { type: "attachment.declaration" as const, messageId: "00000000-0000-4000-8000-000000000000", sentAt: "2026-03-01T09:00:00.000Z", inReplyTo: "00000000-0000-4000-8000-000000000001", orderId: order.orderId, sequence, accounts, totalFrozen, otherAttachments: 0 };
          const refused = checkDeclaration(`bank:${order.code}`, message, { sequence: order.sequence, frozenDeclared: order.frozen });
          const expected: AnswerCheckCode | null = step.misconduct === "missum" ? "TOTAL_MISMATCH" : step.misconduct === "bad_checksum" ? "IBAN_INVALID" : step.misconduct === "other_bank" ? "IBAN_OF_OTHER_BANK" : null;
          assert.equal(refused, expected, `${step.misconduct}: ${refused}`);
          if (refused) {
            figures.refused.set(refused, (figures.refused.get(refused) ?? 0) + 1);
            return; // a refused answer changes nothing
          }
          order.sequence = sequence;
          order.frozen = total;
          if (total > 0n && order.first === null) order.first = at(minute);
          const breach = overDeclaration(total, order.told);
          assert.equal(breach !== null, step.misconduct === "over");
          if (breach) figures.breaches++;
          // A payment lowers what is owed.
          outstanding -= (outstanding * BigInt(step.payPermille)) / 10_000n;
          const decisions = capBankHoldings(
            outstanding,
            [{ procedureId: "p", amount: owedAtStart }],
            orders.filter((candidate) => candidate.first !== null).map((candidate) => ({ orderId: candidate.orderId, procedureId: "p", frozenDeclared: candidate.frozen, firstExecutedAt: candidate.first!, maxAmount: candidate.max })),
          );
          const held = decisions.reduce((sum, decision) => sum + decision.kept, 0n);
          assert.ok(held <= outstanding, `held ${held} > outstanding ${outstanding}`);
          for (const decision of decisions) {
            const holder = orders.find((candidate) => candidate.orderId === decision.orderId)!;
            assert.ok(decision.kept <= holder.max, "no bank is counted above its maximum");
            // The hub's hold.adjust: sent when the bank holds more than it may keep or over-declared.
            if (decision.excess > 0n && (holder.max > decision.kept || (breach && holder === order))) {
              figures.adjusts++;
              holder.max = decision.kept;
              if (step.misconduct !== "ignore_adjust" || holder !== order) holder.told = decision.kept;
            }
          }
          if (outstanding > 0n) figures.maxHeldShare = Math.max(figures.maxHeldShare, Number((held * 1000n) / outstanding) / 1000);
        });
      }),
      { numRuns: 300 },
    );
    const refused = Object.fromEntries([...figures.refused].sort());
    console.log(JSON.stringify({ runs: figures.runs, answers: figures.answers, refused, breaches: figures.breaches, adjusts: figures.adjusts, maxHeldOverOutstanding: figures.maxHeldShare }));
    assert.ok(figures.breaches > 0 && figures.refused.size === 3, "every kind of misconduct was exercised");
  });
});
