import { z } from "zod";
import { recordLedgerEntry, reportOutsidePayment } from "../../app/record-ledger-entry.ts";
import { amountFromWire, kwd } from "../dto.ts";
import { line, authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const recordLedgerEntryRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/ledger-entries",
    {
      schema: {
        summary: "Record a payment or recovery (clerk); idempotent by reference. A creditor's report of an outside payment after the week of Art. 298(b) is credited and flagged late (kw-2025.4)",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z
          .object({
            kind: z.enum(["payment", "recovery"]),
            amount: kwdAmount,
            source: z.enum(["cash_at_department", "bank_transfer", "reported_by_creditor", "reported_by_debtor", "frozen_funds_transfer"]),
            reference: line().trim().min(1).max(100),
            receivedOn: z.iso
              .date()
              .nullish()
              .describe("A payment made outside the department: the Kuwait day it was received. Required from rule version kw-2025.4 for reported_by_creditor: Art. 298(b) gives the creditor a week from it to report"),
            earmarkedFor: uuid.nullish().describe("Art. 298(d): a deposit by the debtor reserved to this creditor (file party id); paid through the department only"),
          })
          .strict(),
        response: {
          200: z.object({ entryId: z.string(), outstanding: z.string(), fileStatus: z.string(), replayed: z.boolean() }).describe("Replayed: this reference was already recorded"),
          201: z.object({ entryId: z.string(), outstanding: z.string(), fileStatus: z.string(), replayed: z.boolean() }),
        },
      },
    },
    async (request, reply) => {
      const result = await recordLedgerEntry(deps, useCaseContext(request), {
        fileId: request.params.fileId,
        ...request.body,
        amount: amountFromWire(request.body.amount),
      });
      return reply.code(result.replayed ? 200 : 201).send({ ...result, outstanding: kwd(result.outstanding)! });
    },
  );

  router.post(
    "/api/v1/files/:fileId/outside-payments",
    {
      schema: {
        summary:
          "Report a payment received from the debtor outside the department (the creditor; Art. 298(b)): credited to the file, idempotent by reference. From rule version kw-2025.4 receivedOn is required and a report after the week is flagged late; the debtor is told",
        tags: ["money"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z
          .object({
            amount: kwdAmount,
            receivedOn: z.iso.date().nullish().describe("The Kuwait day the payment was received: the week of Art. 298(b) counts from it"),
            reference: line().trim().min(1).max(100),
          })
          .strict(),
        response: {
          200: z.object({ entryId: z.string(), outstanding: z.string(), fileStatus: z.string(), replayed: z.boolean() }).describe("Replayed: this reference was already recorded"),
          201: z.object({ entryId: z.string(), outstanding: z.string(), fileStatus: z.string(), replayed: z.boolean() }),
        },
      },
    },
    async (request, reply) => {
      const result = await reportOutsidePayment(deps, useCaseContext(request), { fileId: request.params.fileId, ...request.body, amount: amountFromWire(request.body.amount) });
      return reply.code(result.replayed ? 200 : 201).send({ ...result, outstanding: kwd(result.outstanding)! });
    },
  );
};
