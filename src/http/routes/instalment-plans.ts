import { z } from "zod";
import { answerPlan } from "../../app/instalments/answer-plan.ts";
import { orderPlan } from "../../app/instalments/order-plan.ts";
import { proposePlan } from "../../app/instalments/propose-plan.ts";
import { readPlans } from "../../app/instalments/read-plans.ts";
import { amountFromWire, iso, kwd } from "../dto.ts";
import { day, authenticated, kwdAmount, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const reasons = z.string().trim().min(1).max(4000);
const params = z.object({ fileId: uuid, planId: uuid }).strict();
const kuwaitDay = day().describe("Kuwait calendar date, YYYY-MM-DD");

const planView = z.object({
  id: z.string(),
  fileId: z.string(),
  debtorPartyId: z.string(),
  status: z.enum(["proposed", "agreed", "in_force", "completed", "defaulted", "refused", "declined", "lapsed"]),
  total: z.string(),
  outstandingAtProposal: z.string(),
  ruleVersion: z.string(),
  graceWorkingDays: z.number(),
  proposedAt: z.string(),
  note: z.string().nullable(),
  orderGrounds: z.array(z.string()).nullable().describe("Why a judge's order is needed (amount, travel_ban); empty: the creditors' consent sufficed"),
  orderedAt: z.string().nullable(),
  inForceAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  instalments: z.array(z.object({ number: z.number(), dueOn: z.string(), amount: z.string(), paid: z.string(), paidAt: z.string().nullable(), onTime: z.boolean().nullable() })),
  consents: z.array(z.object({ creditorPartyId: z.string(), answer: z.string(), answeredAt: z.string(), reasons: z.string().nullable() })),
  measures: z.array(z.object({ procedureId: z.string(), liftedAt: z.string().nullable(), restoredProcedureId: z.string().nullable() })),
});

export const instalmentPlanRoutes: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files/:fileId/instalment-plans",
    {
      schema: {
        summary: "Propose to pay in instalments (the debtor, or their lawyer): the schedule, and the measures to lift while it is kept; the creditors answer",
        tags: ["instalments"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        body: z
          .object({
            debtorPartyId: uuid,
            instalments: z.array(z.object({ dueOn: kuwaitDay, amount: kwdAmount }).strict()).min(1).max(120),
            liftProcedureIds: z.array(uuid).max(100).default([]),
            note: z.string().trim().min(1).max(2000).optional(),
            documentIds: z
              .array(uuid)
              .max(10)
              .optional()
              .describe("Documents filed with it: uploaded to this file by the same person first (POST /api/v1/files/:fileId/documents), filed with nothing yet"),
          })
          .strict(),
        response: { 201: z.object({ id: z.string(), status: z.string(), total: z.string(), ruleVersion: z.string() }) },
      },
    },
    async (request, reply) => {
      const { instalments, note, ...body } = request.body;
      const proposed = await proposePlan(deps, useCaseContext(request), {
        fileId: request.params.fileId,
        ...body,
        instalments: instalments.map((instalment) => ({ dueOn: instalment.dueOn, amount: amountFromWire(instalment.amount) })),
        ...(note ? { note } : {}),
      });
      return reply.code(201).send({ ...proposed, total: kwd(proposed.total)! });
    },
  );

  router.get(
    "/api/v1/files/:fileId/instalment-plans",
    {
      schema: {
        summary: "The instalment plans of a file: schedules and payments, the creditors' answers, the measures lifted and restored",
        tags: ["instalments"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
        response: { 200: z.object({ plans: z.array(planView) }) },
      },
    },
    async (request) => {
      const plans = await readPlans(deps, useCaseContext(request), request.params.fileId);
      return {
        plans: plans.map((plan) => ({
          id: plan.id,
          fileId: plan.fileId,
          debtorPartyId: plan.debtorPartyId,
          status: plan.status,
          total: kwd(plan.total)!,
          outstandingAtProposal: kwd(plan.outstandingAtProposal)!,
          ruleVersion: plan.ruleVersion,
          graceWorkingDays: plan.graceWorkingDays,
          proposedAt: plan.proposedAt.toISOString(),
          note: plan.note,
          orderGrounds: plan.orderGrounds,
          orderedAt: iso(plan.orderedAt),
          inForceAt: iso(plan.inForceAt),
          endedAt: iso(plan.endedAt),
          instalments: plan.instalments.map((instalment) => ({ number: instalment.number, dueOn: instalment.dueOn, amount: kwd(instalment.amount)!, paid: kwd(instalment.paid)!, paidAt: iso(instalment.paidAt), onTime: instalment.onTime })),
          consents: plan.consents.map((consent) => ({ ...consent, answeredAt: consent.answeredAt.toISOString() })),
          measures: plan.measures.map((measure) => ({ ...measure, liftedAt: iso(measure.liftedAt) })),
        })),
      };
    },
  );

  router.post(
    "/api/v1/files/:fileId/instalment-plans/:planId/answer",
    {
      schema: {
        summary: "Answer a proposed instalment plan (a creditor, or their lawyer with the waive scope): agree, or refuse with reasons",
        tags: ["instalments"],
        ...authenticated,
        params,
        body: z.object({ answer: z.enum(["agree", "refuse"]), reasons: reasons.optional() }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.string(), orderGrounds: z.array(z.string()) }) },
      },
    },
    async (request) => answerPlan(deps, useCaseContext(request), { ...request.params, answer: request.body.answer, ...(request.body.reasons ? { reasons: request.body.reasons } : {}) }),
  );

  router.post(
    "/api/v1/files/:fileId/instalment-plans/:planId/decision",
    {
      schema: {
        summary: "Order an agreed instalment plan, or decline to, with reasons (judge)",
        tags: ["instalments"],
        ...authenticated,
        params,
        body: z.object({ decision: z.enum(["order", "decline"]), reasons }).strict(),
        response: { 200: z.object({ id: z.string(), status: z.string(), liftedProcedureIds: z.array(z.string()) }) },
      },
    },
    async (request) => orderPlan(deps, useCaseContext(request), { ...request.params, ...request.body }),
  );
};
