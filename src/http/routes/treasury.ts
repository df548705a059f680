/**
 * The treasury (docs/treasury.md): a file's money as the department holds it, paying a
 * file's held funds out to its creditors and recording the bank's execution, refunds owed
 * to the debtor, settlements of clearing accounts, and the daily reconciliation report.
 */
import { z } from "zod";
import { instructPayouts } from "../../app/treasury/instruct-payouts.ts";
import { markPayoutPaid } from "../../app/treasury/mark-payout-paid.ts";
import { payRefund } from "../../app/treasury/pay-refund.ts";
import { readDailyTreasuryReport } from "../../app/treasury/read-daily-report.ts";
import { readFileTreasury, type DistributionView, type PayoutView } from "../../app/treasury/read-file-treasury.ts";
import { recordSettlement } from "../../app/treasury/record-settlement.ts";
import { amountFromWire, iso, kwd } from "../dto.ts";
import { day, line, authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const money = z.string().describe("KWD, three decimals");

/** An account number shown with all but its bank and last four characters hidden. */
const maskedIban = (iban: string) => `${iban.slice(0, 8)}${"*".repeat(iban.length - 12)}${iban.slice(-4)}`;

const payoutBody = z.object({
  id: z.string(),
  creditorPartyId: z.string(),
  iban: z.string().describe("The creditor's account, partly hidden"),
  amount: money,
  status: z.enum(["instructed", "paid"]),
  ruleVersion: z.string(),
  instructedAt: z.string(),
  paidAt: z.string().nullable(),
  bankReference: z.string().nullable(),
});

const payoutDto = (payout: PayoutView): z.infer<typeof payoutBody> => ({
  id: payout.id,
  creditorPartyId: payout.creditorPartyId,
  iban: maskedIban(payout.iban),
  amount: kwd(payout.amount)!,
  status: payout.status,
  ruleVersion: payout.ruleVersion,
  instructedAt: iso(payout.instructedAt)!,
  paidAt: iso(payout.paidAt),
  bankReference: payout.bankReference,
});

const distributionBody = z.object({
  id: z.string(),
  sourceFileId: z.string().describe("The file whose order froze the funds the bank transferred"),
  amount: money,
  status: z.enum(["pending", "distributed"]),
  ruleVersion: z.string(),
  receivedAt: z.string(),
  distributedAt: z.string().nullable(),
  excess: money.nullable().describe("Above everything the attaching files were owed: owed back to the debtor"),
  shares: z.array(z.object({ fileNumber: z.string(), outstanding: money.describe("What the file was owed when shared"), amount: money })),
});

const distributionDto = (distribution: DistributionView): z.infer<typeof distributionBody> => ({
  id: distribution.id,
  sourceFileId: distribution.sourceFileId,
  amount: kwd(distribution.amount)!,
  status: distribution.status,
  ruleVersion: distribution.ruleVersion,
  receivedAt: iso(distribution.receivedAt)!,
  distributedAt: iso(distribution.distributedAt),
  excess: kwd(distribution.excess),
  shares: distribution.shares.map((share) => ({ fileNumber: share.fileNumber, outstanding: kwd(share.outstanding)!, amount: kwd(share.amount)! })),
});

const checkBody = z.object({ id: z.enum(["entries_balance", "books_balance", "funds_held_per_file", "no_negative_balances"]), passed: z.boolean(), failures: z.array(z.string()) });

const reportBody = z.object({
  date: z.string().describe("The Asia/Kuwait day"),
  from: z.string(),
  to: z.string(),
  reconciled: z.boolean().describe("Every check passed"),
  accounts: z.array(
    z.object({
      account: z.string(),
      nature: z.enum(["asset", "liability", "income"]),
      nameAr: z.string(),
      nameEn: z.string(),
      opening: money,
      debits: money,
      credits: money,
      closing: money,
    }),
  ),
  totals: z.object({ debits: money, credits: money }),
  movements: z.array(z.object({ kind: z.string(), count: z.number().int().min(0), amount: money })),
  files: z.array(
    z.object({
      fileId: z.string(),
      fileNumber: z.string(),
      received: money,
      paidOut: money,
      refunded: money,
      held: money,
      payoutsPending: money,
      refundsPayable: money,
      awaitingDistribution: money,
      consistent: z.boolean(),
      problems: z.array(z.string()),
    }),
  ),
  checks: z.array(checkBody),
});

export const treasuryRoutes: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/files/:fileId/treasury",
    {
      schema: {
        summary: "The file's money in the treasury: received, held for the creditors (common and Art. 298(d) reserved), paid out, refunds owed; with the claim and outstanding",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        response: {
          200: z.object({
            fileId: z.string(),
            claim: money,
            outstanding: money,
            paidOutside: money.describe("Paid directly between the parties and reported"),
            received: money,
            held: money,
            heldCommon: money,
            heldReserved: z.array(z.object({ partyId: z.string(), amount: money })),
            paidOut: money,
            payoutsPending: money,
            refunded: money,
            refundsPayable: money,
            awaitingDistribution: money.describe("Transferred on this file's order, not yet shared among the debtor's attaching creditors"),
            payouts: z.array(payoutBody),
            distributions: z.array(distributionBody).describe("Transfers shared among the debtor's attaching creditors that this file received or took part in"),
          }),
        },
      },
    },
    async (request) => {
      const treasury = await readFileTreasury(deps, useCaseContext(request), request.params.fileId);
      const { position } = treasury;
      return {
        fileId: treasury.fileId,
        claim: kwd(treasury.claim)!,
        outstanding: kwd(treasury.outstanding)!,
        paidOutside: kwd(treasury.paidOutside)!,
        received: kwd(position.received)!,
        held: kwd(position.held)!,
        heldCommon: kwd(position.heldCommon)!,
        heldReserved: position.heldReserved.map((reserved) => ({ partyId: reserved.partyId, amount: kwd(reserved.amount)! })),
        paidOut: kwd(position.paidOut)!,
        payoutsPending: kwd(position.payoutsPending)!,
        refunded: kwd(position.refunded)!,
        refundsPayable: kwd(position.refundsPayable)!,
        awaitingDistribution: kwd(position.awaitingDistribution)!,
        payouts: treasury.payouts.map(payoutDto),
        distributions: treasury.distributions.map(distributionDto),
      };
    },
  );

  router.post(
    "/api/v1/files/:fileId/payouts",
    {
      schema: {
        summary: "Pay what the file holds out to its creditors, shared by the rules in force, to each creditor's IBAN (clerk)",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        response: { 201: z.object({ ruleVersion: z.string(), payouts: z.array(z.object({ payoutId: z.string(), creditorPartyId: z.string(), iban: z.string(), amount: money })) }) },
      },
    },
    async (request, reply) => {
      const result = await instructPayouts(deps, useCaseContext(request), request.params);
      return reply.code(201).send({
        ruleVersion: result.ruleVersion,
        payouts: result.payouts.map((payout) => ({ ...payout, iban: maskedIban(payout.iban), amount: kwd(payout.amount)! })),
      });
    },
  );

  router.post(
    "/api/v1/payouts/:payoutId/paid",
    {
      schema: {
        summary: "Record that the department's bank executed a payout (clerk); the same bank reference again changes nothing",
        tags: ["money"],
        ...authenticated,
        params: z.object({ payoutId: uuid }).strict(),
        body: z.object({ bankReference: line().trim().min(1).max(100) }).strict(),
        response: { 200: z.object({ payout: payoutBody, replayed: z.boolean() }) },
      },
    },
    async (request) => {
      const result = await markPayoutPaid(deps, useCaseContext(request), { payoutId: request.params.payoutId, bankReference: request.body.bankReference });
      return { payout: payoutDto(result.payout), replayed: result.replayed };
    },
  );

  router.post(
    "/api/v1/files/:fileId/refunds",
    {
      schema: {
        summary: "Pay the debtor what the department owes them on the file (e.g. a bank's transfer above what was owed) to an IBAN (clerk); idempotent by reference",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z.object({ iban: line().trim().min(1).max(60), reference: line().trim().min(1).max(100) }).strict(),
        response: {
          200: z.object({ entryId: z.string(), amount: money, replayed: z.boolean() }).describe("Replayed: this reference was already paid"),
          201: z.object({ entryId: z.string(), amount: money, replayed: z.boolean() }),
        },
      },
    },
    async (request, reply) => {
      const result = await payRefund(deps, useCaseContext(request), { fileId: request.params.fileId, ...request.body });
      return reply.code(result.replayed ? 200 : 201).send({ ...result, amount: kwd(result.amount)! });
    },
  );

  router.post(
    "/api/v1/treasury/settlements",
    {
      schema: {
        summary: "Record what the department's bank statement shows arriving from a clearing account: the gateway's settlement, banks' transfers, cash paid in (clerk); idempotent by reference",
        tags: ["money"],
        ...authenticated,
        body: z
          .object({
            from: z.enum(["gateway_clearing", "bank_transfers_clearing", "cash_on_hand"]),
            amount: kwdAmount,
            reference: line().trim().min(1).max(100),
          })
          .strict(),
        response: {
          200: z.object({ entryId: z.string(), replayed: z.boolean() }).describe("Replayed: this statement line was already recorded"),
          201: z.object({ entryId: z.string(), replayed: z.boolean() }),
        },
      },
    },
    async (request, reply) => {
      const result = await recordSettlement(deps, useCaseContext(request), { from: request.body.from, amount: amountFromWire(request.body.amount), reference: request.body.reference });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  router.get(
    "/api/v1/treasury/reports/daily",
    {
      schema: {
        summary: "The treasury's reconciliation for one Asia/Kuwait day: each account's opening, movements and closing, and the checks (clerk, auditor, administrator)",
        tags: ["money"],
        ...authenticated,
        querystring: z.object({ date: day().describe("YYYY-MM-DD, Asia/Kuwait") }).strict(),
        response: { 200: reportBody },
      },
    },
    async (request) => {
      const report = await readDailyTreasuryReport(deps, useCaseContext(request), { date: request.query.date });
      return {
        date: report.date,
        from: iso(report.from)!,
        to: iso(report.to)!,
        reconciled: report.reconciled,
        accounts: report.accounts.map((line) => ({ ...line, opening: kwd(line.opening)!, debits: kwd(line.debits)!, credits: kwd(line.credits)!, closing: kwd(line.closing)! })),
        totals: { debits: kwd(report.totals.debits)!, credits: kwd(report.totals.credits)! },
        movements: report.movements.map((movement) => ({ ...movement, amount: kwd(movement.amount)! })),
        files: report.files.map((file) => ({
          ...file,
          received: kwd(file.received)!,
          paidOut: kwd(file.paidOut)!,
          refunded: kwd(file.refunded)!,
          held: kwd(file.held)!,
          payoutsPending: kwd(file.payoutsPending)!,
          refundsPayable: kwd(file.refundsPayable)!,
          awaitingDistribution: kwd(file.awaitingDistribution)!,
        })),
        checks: report.checks,
      };
    },
  );
};
