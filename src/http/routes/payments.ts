/**
 * Money through the card gateway (docs/payments.md): a request's fee paid by its creditor,
 * the debtor's files with what is owed and held, the debtor's payment of all or part, and
 * a payment's state. Starting a payment answers with the hosted page to send the browser to.
 */
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { AppDeps } from "../../app/deps.ts";
import { readMyDebts, type Holding } from "../../app/payments/read-my-debts.ts";
import { listFees, readPayment } from "../../app/payments/read-payments.ts";
import { startDebtPayment, startFeePayment, type StartedPayment } from "../../app/payments/start-payment.ts";
import { amountFromWire, decodeCursor, encodeCursor, iso, kwd } from "../dto.ts";
import { DomainError } from "../../domain/errors.ts";
import { line, authenticated, kwdAmount, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

/** The hub's public base for the gateway's callback and the payer's return: configured, else where this request came in. */
export function baseUrlOf(deps: AppDeps, request: FastifyRequest): string {
  return deps.payments?.publicUrl ?? `${request.protocol}://${request.host}`;
}

/** Where the payer's browser comes back after the hosted page: the web application's payment page; omitted, the plain return page. */
export const returnTo = z.enum(["app"]).describe("app: back to /app/payments/{paymentId} (the web application)");

export const startedPayment = z
  .object({
    paymentId: z.string(),
    purpose: z.enum(["fee", "debt", "fees"]).describe("fees: the fees of several requests at once (POST /api/v1/fee-payments)"),
    fileId: z.string(),
    procedureId: z.string().nullable(),
    amount: z.string(),
    status: z.string(),
    paymentPageUrl: z.string().describe("Send the payer's browser here (the gateway's hosted payment page)"),
  })
  .describe("A payment started: the amount is the hub's; the result comes from the gateway, signed");

export const startedDto = (payment: StartedPayment): z.infer<typeof startedPayment> => ({ ...payment, amount: kwd(payment.amount)! });

const paymentBody = z.object({
  id: z.string(),
  purpose: z.enum(["fee", "debt", "fees"]),
  fileId: z.string(),
  procedureId: z.string().nullable(),
  amount: z.string(),
  status: z.enum(["pending", "captured", "declined", "cancelled", "expired"]),
  creditedAmount: z.string(),
  initiatedAt: z.string(),
  settledAt: z.string().nullable(),
  settledVia: z.enum(["callback", "status_query"]).nullable(),
  paymentPageUrl: z.string().nullable(),
});

const holdingBody = z.object({
  kind: z.enum(["bank_funds", "vehicle", "travel_ban"]),
  agencyKey: z.string(),
  state: z.enum(["ordered", "in_force", "lifting"]),
  procedureId: z.string(),
  orderId: z.string(),
  since: z.string(),
  bankCode: z.string().optional(),
  amount: z.string().optional(),
  plate: z.string().optional(),
  make: z.string().optional(),
  model: z.string().optional(),
  year: z.number().optional(),
  reference: z.string().nullable().optional(),
});

function holdingDto(holding: Holding): z.infer<typeof holdingBody> {
  const base = { kind: holding.kind, agencyKey: holding.agencyKey, state: holding.state, procedureId: holding.procedureId, orderId: holding.orderId, since: holding.since.toISOString() };
  switch (holding.kind) {
    case "bank_funds":
      return { ...base, bankCode: holding.bankCode, amount: kwd(holding.amount)! };
    case "vehicle":
      return { ...base, plate: holding.plate, make: holding.make, model: holding.model, year: holding.year };
    case "travel_ban":
      return { ...base, reference: holding.reference };
  }
}

export const paymentRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures/:procedureId/fee-payment",
    {
      schema: {
        summary: "Pay a request's fee through the card gateway (creditor): answers with the hosted payment page; a payment already in flight for the fee is answered again",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid, procedureId: uuid }).strict(),
        body: z.object({ language: z.enum(["ar", "en"]).optional(), returnTo: returnTo.optional() }).strict().nullish(),
        response: { 201: startedPayment },
      },
    },
    async (request, reply) => {
      const started = await startFeePayment(
        deps,
        useCaseContext(request),
        { ...request.params, ...(request.body?.language ? { language: request.body.language } : {}), ...(request.body?.returnTo ? { returnTo: request.body.returnTo } : {}) },
        baseUrlOf(deps, request),
      );
      return reply.code(201).send(startedDto(started));
    },
  );

  router.get(
    "/api/v1/files/:fileId/fees",
    {
      schema: {
        summary: "The fees of a file's requests, from the fee table in force when each was made, and whether each is paid",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        response: {
          200: z.object({
            fees: z.array(
              z.object({
                procedureId: z.string(),
                amount: z.string(),
                items: z
                  .array(z.object({ item: z.enum(["order", "notice"]), amount: z.string() }))
                  .describe("The fee's parts: the order's fee and, from rule version kw-2025.4, the notice serving the measure on the debtor (KD 5)"),
                ruleVersion: z.string(),
                status: z.enum(["due", "paid", "refunding", "refunded"]),
                holdsDispatch: z.boolean().describe("The request's orders wait for this fee"),
                paymentId: z.string().nullable(),
                assessedAt: z.string(),
                paidAt: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const fees = await listFees(deps, useCaseContext(request), request.params.fileId);
      return {
        fees: fees.map((fee) => ({
          procedureId: fee.procedureId,
          amount: kwd(fee.amount)!,
          items: [
            { item: "order" as const, amount: kwd(fee.amount - fee.noticeAmount)! },
            ...(fee.noticeAmount > 0n ? [{ item: "notice" as const, amount: kwd(fee.noticeAmount)! }] : []),
          ],
          ruleVersion: fee.ruleVersion,
          status: fee.status,
          holdsDispatch: fee.holdsDispatch && fee.status === "due",
          paymentId: fee.paymentId,
          assessedAt: fee.assessedAt.toISOString(),
          paidAt: iso(fee.paidAt),
        })),
      };
    },
  );

  router.post(
    "/api/v1/files/:fileId/payments",
    {
      schema: {
        summary: "Pay all or part of what a file owes (the debtor), through the card gateway: answers with the hosted payment page",
        tags: ["money"],
        ...sessionOnly,
        params: z.object({ fileId: uuid }).strict(),
        body: z.object({ amount: kwdAmount, language: z.enum(["ar", "en"]).optional(), returnTo: returnTo.optional() }).strict(),
        response: { 201: startedPayment },
      },
    },
    async (request, reply) => {
      const started = await startDebtPayment(
        deps,
        useCaseContext(request),
        {
          fileId: request.params.fileId,
          amount: amountFromWire(request.body.amount),
          ...(request.body.language ? { language: request.body.language } : {}),
          ...(request.body.returnTo ? { returnTo: request.body.returnTo } : {}),
        },
        baseUrlOf(deps, request),
      );
      return reply.code(201).send(startedDto(started));
    },
  );

  router.get(
    "/api/v1/payments/:paymentId",
    {
      schema: {
        summary: "A payment's state (read as its file is)",
        tags: ["money"],
        ...authenticated,
        params: z.object({ paymentId: uuid }).strict(),
        response: { 200: paymentBody },
      },
    },
    async (request) => {
      const payment = await readPayment(deps, useCaseContext(request), request.params.paymentId);
      return {
        id: payment.id,
        purpose: payment.purpose,
        fileId: payment.fileId,
        procedureId: payment.procedureId,
        amount: kwd(payment.amount)!,
        status: payment.status,
        creditedAmount: kwd(payment.creditedAmount)!,
        initiatedAt: payment.initiatedAt.toISOString(),
        settledAt: iso(payment.settledAt),
        settledVia: payment.settledVia,
        paymentPageUrl: payment.status === "pending" ? payment.paymentPageUrl : null,
      };
    },
  );

  router.get(
    "/api/v1/me/debts",
    {
      schema: {
        summary: "The debtor's side: each file against the signed-in person (or a company they represent), what it owes, and what is held where; newest first, a page at a time",
        tags: ["money"],
        ...sessionOnly,
        querystring: z
          .object({
            search: line().trim().min(1).max(40).optional().describe("A file number: just that file"),
            limit: z.coerce.number().int().min(1).max(100).default(20),
            cursor: z.string().max(200).optional(),
          })
          .strict(),
        response: {
          200: z.object({
            files: z.array(
              z.object({
                fileId: z.string(),
                number: z.string(),
                status: z.enum(["open", "satisfied", "closed"]),
                claimTotal: z.string(),
                paid: z.string(),
                outstanding: z.string(),
                creditors: z.array(z.object({ nameAr: z.string(), nameEn: z.string() })),
                heldInBanks: z.string(),
                holdings: z.array(holdingBody),
                pendingPayments: z.array(z.object({ paymentId: z.string(), amount: z.string(), initiatedAt: z.string(), paymentPageUrl: z.string().nullable() })),
                reportedPayments: z
                  .array(
                    z.object({
                      entryId: z.string(),
                      amount: z.string(),
                      source: z.enum(["reported_by_creditor", "reported_by_debtor"]),
                      receivedOn: z.string().nullable(),
                      recordedAt: z.string(),
                      reportedLateDays: z.number().int().nullable().describe("Art. 298(b): the creditor reported it this many days after the week allowed (null: in time, or not checked before rule version kw-2025.4)"),
                    }),
                  )
                  .describe("Payments made outside the department and reported on the file, by the creditor or the debtor"),
              }),
            ),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const { search, limit, cursor } = request.query;
      const after = cursor === undefined ? undefined : decodeCursor(cursor);
      if (after === null) throw new DomainError("VALIDATION_FAILED", { field: "cursor" });
      const debts = await readMyDebts(deps, useCaseContext(request), { limit, ...(search ? { search } : {}), ...(after ? { after } : {}) });
      const last = debts.at(-1);
      return {
        nextCursor: debts.length === limit && last ? encodeCursor(last.openedAt, last.fileId) : null,
        files: debts.map((debt) => ({
          fileId: debt.fileId,
          number: debt.number,
          status: debt.status,
          claimTotal: kwd(debt.claimTotal)!,
          paid: kwd(debt.paid)!,
          outstanding: kwd(debt.outstanding)!,
          creditors: debt.creditors,
          heldInBanks: kwd(debt.heldInBanks)!,
          holdings: debt.holdings.map(holdingDto),
          pendingPayments: debt.pendingPayments.map((payment) => ({ paymentId: payment.paymentId, amount: kwd(payment.amount)!, initiatedAt: payment.initiatedAt.toISOString(), paymentPageUrl: payment.paymentPageUrl })),
          reportedPayments: debt.reportedPayments.map((payment) => ({ ...payment, amount: kwd(payment.amount)!, recordedAt: payment.recordedAt.toISOString() })),
        })),
      };
    },
  );
};
