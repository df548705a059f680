import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { capBankHoldings, type CappedAttachment, type CappedHolding } from "./bank-cap.ts";

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
});
