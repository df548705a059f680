import { z } from "zod";
import { decideDispute, disputeDecisions } from "../../app/disputes/decide-dispute.ts";
import { declareBondDeposit } from "../../app/disputes/declare-bond-deposit.ts";
import { fileDispute } from "../../app/disputes/file-dispute.ts";
import { readDisputes } from "../../app/disputes/read-disputes.ts";
import { verifyBond } from "../../app/disputes/verify-bond.ts";
import { amountFromWire, iso, kwd } from "../dto.ts";
import { line, authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const reference = line().trim().min(1).max(100);
const reasons = z.string().trim().min(1).max(4000);
const params = z.object({ fileId: uuid, disputeId: uuid }).strict();

const disputeView = z.object({
  id: z.string(),
  fileId: z.string(),
  debtorPartyId: z.string(),
  status: z.enum(["filed", "suspended", "not_suspended", "upheld", "dismissed"]),
  grounds: z.string(),
  filedAt: z.string(),
  ruleVersion: z.string(),
  outstandingAtFiling: z.string(),
  bond: z.object({
    amount: z.string(),
    status: z.enum(["required", "declared", "posted"]),
    reference: z.string().nullable(),
    declaredAt: z.string().nullable(),
    deposited: z.string().nullable(),
    postedAt: z.string().nullable(),
  }),
  suspendedAt: z.string().nullable(),
  suspensionEndedAt: z.string().nullable(),
  ruledAt: z.string().nullable(),
});

export const disputeRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/disputes",
    {
      schema: {
        summary: "File an enforcement dispute (the debtor, or their lawyer): grounds, and the bond's deposit if already made; the judge decides",
        tags: ["disputes"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z
          .object({
            debtorPartyId: uuid,
            grounds: reasons,
            bondDepositReference: reference.optional().describe("The receipt or transfer reference of the bond's deposit, if already made (a clerk verifies it)"),
            documentIds: z
              .array(uuid)
              .max(10)
              .optional()
              .describe("Documents filed with it: uploaded to this file by the same person first (POST /api/v1/files/:fileId/documents), filed with nothing yet"),
          })
          .strict(),
        response: {
          201: z.object({ id: z.string(), status: z.string(), bondAmount: z.string(), bondStatus: z.string(), ruleVersion: z.string() }).describe("The bond is set by the rules in force today from what is outstanding"),
        },
      },
    },
    async (request, reply) => {
      const { bondDepositReference, ...body } = request.body;
      const filed = await fileDispute(deps, useCaseContext(request), { fileId: request.params.fileId, ...body, ...(bondDepositReference ? { bondDepositReference } : {}) });
      return reply.code(201).send({ ...filed, bondAmount: kwd(filed.bondAmount)! });
    },
  );

  router.get(
    "/api/v1/files/:fileId/disputes",
    {
      schema: {
        summary: "The enforcement disputes of a file, with their bonds and the judge's decisions",
        tags: ["disputes"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        response: { 200: z.object({ disputes: z.array(disputeView) }) },
      },
    },
    async (request) => {
      const disputes = await readDisputes(deps, useCaseContext(request), request.params.fileId);
      return {
        disputes: disputes.map((dispute) => ({
          id: dispute.id,
          fileId: dispute.fileId,
          debtorPartyId: dispute.debtorPartyId,
          status: dispute.status,
          grounds: dispute.grounds,
          filedAt: dispute.filedAt.toISOString(),
          ruleVersion: dispute.ruleVersion,
          outstandingAtFiling: kwd(dispute.outstandingAtFiling)!,
          bond: {
            amount: kwd(dispute.bondAmount)!,
            status: dispute.bondStatus,
            reference: dispute.bondReference,
            declaredAt: iso(dispute.bondDeclaredAt),
            deposited: kwd(dispute.bondDeposited),
            postedAt: iso(dispute.bondPostedAt),
          },
          suspendedAt: iso(dispute.suspendedAt),
          suspensionEndedAt: iso(dispute.suspensionEndedAt),
          ruledAt: iso(dispute.ruledAt),
        })),
      };
    },
  );

  router.post(
    "/api/v1/files/:fileId/disputes/:disputeId/bond-deposit",
    {
      schema: {
        summary: "Declare the deposit of a dispute's bond (the debtor): its reference, for a clerk to verify",
        tags: ["disputes"],
        ...authenticated,
        params,
        body: z.object({ reference }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.string(), bondStatus: z.string(), bondReference: z.string() }) },
      },
    },
    async (request) => declareBondDeposit(deps, useCaseContext(request), { ...request.params, reference: request.body.reference }),
  );

  router.post(
    "/api/v1/files/:fileId/disputes/:disputeId/bond-verification",
    {
      schema: {
        summary: "Verify a dispute's bond (clerk): the deposit was received for at least the bond (posted), or the declared deposit was not found (rejected)",
        tags: ["disputes"],
        ...authenticated,
        params,
        body: z.discriminatedUnion("outcome", [
          z.object({ outcome: z.literal("posted"), reference, amount: kwdAmount.describe("The amount verified as deposited"), notes: z.string().trim().min(1).max(1000).optional() }).strict(),
          z.object({ outcome: z.literal("rejected"), reasons }).strict(),
        ]),
        response: { 200: z.object({ id: z.string(), status: z.string(), bondStatus: z.string() }) },
      },
    },
    async (request) => {
      const body = request.body;
      return verifyBond(
        deps,
        useCaseContext(request),
        body.outcome === "posted"
          ? { ...request.params, outcome: "posted", reference: body.reference, amount: amountFromWire(body.amount), ...(body.notes ? { notes: body.notes } : {}) }
          : { ...request.params, outcome: "rejected", reasons: body.reasons },
      );
    },
  );

  router.post(
    "/api/v1/files/:fileId/disputes/:disputeId/decision",
    {
      schema: {
        summary: "Decide an enforcement dispute with reasons (judge): suspend enforcement (bond posted), refuse to, uphold (lifting the measures named), dismiss",
        tags: ["disputes"],
        ...authenticated,
        params,
        body: z
          .object({
            decision: z.enum(disputeDecisions),
            reasons,
            liftProcedureIds: z.array(uuid).max(100).optional().describe("Uphold: the measures of the file the judge orders lifted"),
          })
          .strict(),
        response: { 200: z.object({ id: z.string(), status: z.string(), liftedProcedureIds: z.array(z.string()) }) },
      },
    },
    async (request) => decideDispute(deps, useCaseContext(request), { ...request.params, ...request.body }),
  );
};
