import { z } from "zod";
import { requestProcedure, type ProcedureRequest } from "../../app/request-procedure.ts";
import { presentSignature } from "../../app/present-signature.ts";
import { amountFromWire } from "../dto.ts";
import { authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const evidenceText = z.string().max(4000);
const documentIds = z
  .array(uuid)
  .max(10)
  .optional()
  .describe("Papers filed with the request (evidence): documents the requester uploaded to this file first (POST /api/v1/files/:fileId/documents?kind=evidence), filed with nothing yet; signed with the request");
/** How a submission is signed: the id of an approved signing request, or the proof itself. */
export const signatureFields = {
  signingRequestId: uuid.optional().describe("An approved signing request for exactly this request (POST /api/v1/signing-requests)"),
  signingProof: z.string().max(8000).optional().describe("Or the signing proof (compact JWS) itself"),
};
/** What is asked, without how it is signed: also what POST /api/v1/signing-requests takes to sign. */
export const procedureRequestBody = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("bank_attachment"),
      debtorPartyId: uuid,
      amount: kwdAmount,
      banks: z.union([z.literal("all"), z.array(z.string().max(8)).min(1).max(20)]),
      documentIds,
    })
    .strict(),
  z.object({ kind: z.literal("vehicle_seizure"), debtorPartyId: uuid, documentIds }).strict(),
  z
    .object({
      kind: z.literal("travel_ban"),
      debtorPartyId: uuid,
      evidence: z.object({ debtCertainAndDue: evidenceText, flightRisk: evidenceText, abilityToPay: evidenceText }).strict(),
      beforeSuit: z
        .boolean()
        .optional()
        .describe("Asked before the suit on the debt is filed (Art. 297): the ban lapses unless filing is proven within the Art. 298(e) period (POST .../suit-filing)"),
      documentIds,
    })
    .strict(),
]);
const body = z.discriminatedUnion("kind", procedureRequestBody.options.map((option) => option.extend(signatureFields)) as unknown as [
  z.ZodObject<(typeof procedureRequestBody.options)[0]["shape"] & typeof signatureFields>,
  z.ZodObject<(typeof procedureRequestBody.options)[1]["shape"] & typeof signatureFields>,
  z.ZodObject<(typeof procedureRequestBody.options)[2]["shape"] & typeof signatureFields>,
]);

export function procedureRequestFromWire(fileId: string, wire: z.infer<typeof procedureRequestBody>): ProcedureRequest {
  const papers = wire.documentIds && wire.documentIds.length > 0 ? { documentIds: wire.documentIds } : {};
  return { ...requestOfKind(fileId, wire), ...papers } as ProcedureRequest;
}

function requestOfKind(fileId: string, wire: z.infer<typeof procedureRequestBody>): ProcedureRequest {
  return wire.kind === "bank_attachment"
    ? { kind: wire.kind, fileId, debtorPartyId: wire.debtorPartyId, amount: amountFromWire(wire.amount), banks: wire.banks }
    : wire.kind === "vehicle_seizure"
      ? { kind: wire.kind, fileId, debtorPartyId: wire.debtorPartyId }
      : { kind: wire.kind, fileId, debtorPartyId: wire.debtorPartyId, evidence: wire.evidence, ...(wire.beforeSuit === true ? { beforeSuit: true } : {}) };
}

export const requestProcedureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures",
    {
      schema: {
        summary: "Request a measure: bank attachment, vehicle seizure or travel ban (signed with the mobile ID, or by a machine client's token)",
        tags: ["procedures"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body,
        response: {
          201: z.object({
            id: z.string(),
            kind: z.string(),
            status: z.string(),
            orders: z.array(z.object({ id: z.string(), agencyKey: z.string(), status: z.string() })),
          }),
        },
      },
    },
    async (request, reply) => {
      const { signingRequestId, signingProof, ...wire } = request.body;
      const context = useCaseContext(request);
      const signature = await presentSignature(deps, context, { signingRequestId, signingProof });
      const requested = await requestProcedure(deps, context, procedureRequestFromWire(request.params.fileId, wire), signature);
      return reply.code(201).send({ id: requested.id, kind: requested.kind, status: requested.status, orders: requested.orders });
    },
  );
};
