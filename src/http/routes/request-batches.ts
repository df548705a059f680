/**
 * Several procedures at once (docs/request-batches.md): check a batch row by row without
 * writing, ask for its one signature, submit it (every procedure, or none), and pay the
 * fees of several requests with one payment.
 */
import { z } from "zod";
import { checkRequestBatch, requestBatchSignature, submitRequestBatch, type BatchRowCheck } from "../../app/request-batch.ts";
import { presentSignature } from "../../app/present-signature.ts";
import { startFeesPayment } from "../../app/payments/start-fees-payment.ts";
import { BATCH_MAX_ITEMS } from "../../domain/procedures/batch.ts";
import type { ErrorCode } from "../../domain/errors.ts";
import { iso, kwd } from "../dto.ts";
import { errorMap } from "../error-map.ts";
import { authenticated, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";
import { procedureRequestBody, procedureRequestFromWire, signatureFields } from "./request-procedure.ts";
import { baseUrlOf, returnTo, startedDto, startedPayment } from "./payments.ts";
import { signingRequestView } from "./signing-requests.ts";

/** One row of a batch: the file, and what is asked on it (a single request's body). */
export const batchItem = z.object({ fileId: uuid, request: procedureRequestBody }).strict();
export const batchItems = z.array(batchItem).min(1).max(BATCH_MAX_ITEMS);

const bilingual = z.object({ ar: z.string(), en: z.string() });

const rowCheck = z.object({
  index: z.number().int(),
  fileId: z.string(),
  kind: z.string(),
  ok: z.boolean().describe("The row may be requested"),
  outcome: z.enum(["approve", "reject", "refer"]).nullable().describe("What the automatic checks would decide (refer: a judge or clerk decides)"),
  fee: z.string().nullable().describe("The fee the rules charge, KWD"),
  error: z.object({ code: z.string(), message: bilingual, details: z.record(z.string(), z.unknown()) }).nullable().describe("Why the row is refused before the rules"),
  reasons: bilingual.nullable().describe("Why the rules reject it"),
});

const itemsFromWire = (items: z.infer<typeof batchItems>) => items.map((item) => procedureRequestFromWire(item.fileId, item.request));

const rowDto = (row: BatchRowCheck): z.infer<typeof rowCheck> => ({
  ...row,
  fee: row.fee === null ? null : kwd(row.fee)!,
  error: row.error && { code: row.error.code, message: { ar: errorMap[row.error.code as ErrorCode].ar, en: errorMap[row.error.code as ErrorCode].en }, details: row.error.details },
});

export const requestBatchRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/request-batches/check",
    {
      schema: {
        summary: "Check several requests (several measures on one file, or measures on many files) row by row, writing nothing",
        tags: ["procedures"],
        ...authenticated,
        body: z.object({ items: batchItems }).strict(),
        response: { 200: z.object({ rows: z.array(rowCheck), ok: z.boolean(), totalFees: z.string() }) },
      },
    },
    async (request) => {
      const rows = await checkRequestBatch(deps, useCaseContext(request), itemsFromWire(request.body.items));
      const totalFees = rows.reduce((sum, row) => sum + (row.ok && row.fee !== null ? row.fee : 0n), 0n);
      return { rows: rows.map(rowDto), ok: rows.every((row) => row.ok), totalFees: kwd(totalFees)! };
    },
  );

  router.post(
    "/api/v1/request-batches/signing-requests",
    {
      schema: {
        summary: "Ask to sign several requests with one mobile-ID approval: every row is checked first (BATCH_ROW_REFUSED names the rows refused)",
        tags: ["signing"],
        ...sessionOnly,
        body: z.object({ items: batchItems }).strict(),
        response: { 201: signingRequestView },
      },
    },
    async (request, reply) => {
      const created = await requestBatchSignature(deps, useCaseContext(request), itemsFromWire(request.body.items));
      return reply.code(201).send({ ...created, expiresAt: iso(created.expiresAt)! });
    },
  );

  router.post(
    "/api/v1/request-batches",
    {
      schema: {
        summary: "Submit several requests under one signature: every procedure is created, each on its file, or none (a refused row names itself in details.row)",
        tags: ["procedures"],
        ...authenticated,
        body: z.object({ items: batchItems, ...signatureFields }).strict(),
        response: {
          201: z.object({
            batchId: z.string(),
            replayed: z.boolean().describe("True when this signed batch had been submitted before: what it made then, nothing new"),
            procedures: z.array(
              z.object({ index: z.number().int(), fileId: z.string(), id: z.string(), kind: z.string(), status: z.string(), fee: z.string(), ruleOutcome: z.enum(["approve", "reject", "refer"]) }),
            ),
          }),
        },
      },
    },
    async (request, reply) => {
      const { items, signingRequestId, signingProof } = request.body;
      const context = useCaseContext(request);
      const signature = await presentSignature(deps, context, { signingRequestId, signingProof });
      const submitted = await submitRequestBatch(deps, context, itemsFromWire(items), signature);
      return reply.code(201).send({ batchId: submitted.batchId, replayed: submitted.replayed, procedures: submitted.procedures.map((procedure) => ({ ...procedure, fee: kwd(procedure.fee)! })) });
    },
  );

  router.post(
    "/api/v1/fee-payments",
    {
      schema: {
        summary: "Pay the fees of several requests (on one file or many) with one card payment: answers with the hosted payment page",
        tags: ["money"],
        ...authenticated,
        body: z
          .object({
            fees: z.array(z.object({ fileId: uuid, procedureId: uuid }).strict()).min(1).max(BATCH_MAX_ITEMS),
            language: z.enum(["ar", "en"]).optional(),
            returnTo: returnTo.optional(),
          })
          .strict(),
        response: { 201: startedPayment.extend({ fees: z.array(z.object({ fileId: z.string(), procedureId: z.string(), amount: z.string() })) }) },
      },
    },
    async (request, reply) => {
      const { fees, language, returnTo: back } = request.body;
      const started = await startFeesPayment(deps, useCaseContext(request), { fees, ...(language ? { language } : {}), ...(back ? { returnTo: back } : {}) }, baseUrlOf(deps, request));
      return reply.code(201).send({ ...startedDto(started), fees: started.fees.map((fee) => ({ ...fee, amount: kwd(fee.amount)! })) });
    },
  );
};
