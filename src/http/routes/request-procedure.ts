import { z } from "zod";
import { requestProcedure, type ProcedureRequest } from "../../app/request-procedure.ts";
import { amountFromWire } from "../dto.ts";
import { authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const evidenceText = z.string().max(4000);
const body = z.discriminatedUnion("kind", [
  z
    .object({
      kind: z.literal("bank_attachment"),
      debtorPartyId: uuid,
      amount: kwdAmount,
      banks: z.union([z.literal("all"), z.array(z.string().max(8)).min(1).max(20)]),
    })
    .strict(),
  z.object({ kind: z.literal("vehicle_seizure"), debtorPartyId: uuid }).strict(),
  z
    .object({
      kind: z.literal("travel_ban"),
      debtorPartyId: uuid,
      evidence: z.object({ debtCertainAndDue: evidenceText, flightRisk: evidenceText, abilityToPay: evidenceText }).strict(),
    })
    .strict(),
]);

export const requestProcedureRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/procedures",
    {
      schema: {
        summary: "Request a measure: bank attachment, vehicle seizure or travel ban",
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
      const { fileId } = request.params;
      const wire = request.body;
      const procedureRequest: ProcedureRequest =
        wire.kind === "bank_attachment"
          ? { kind: wire.kind, fileId, debtorPartyId: wire.debtorPartyId, amount: amountFromWire(wire.amount), banks: wire.banks }
          : wire.kind === "vehicle_seizure"
            ? { kind: wire.kind, fileId, debtorPartyId: wire.debtorPartyId }
            : { kind: wire.kind, fileId, debtorPartyId: wire.debtorPartyId, evidence: wire.evidence };
      const requested = await requestProcedure(deps, useCaseContext(request), procedureRequest);
      return reply.code(201).send(requested);
    },
  );
};
