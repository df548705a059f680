import { z } from "zod";
import { openFile, type CreditorIdentity, type OpenFileInput, type PartyIdentity } from "../../app/open-file.ts";
import { debtKinds, titleTypes } from "../../domain/file/title.ts";
import { parseCivilId, parseCrNumber, parseIban } from "../../domain/identifiers/index.ts";
import { amountFromWire } from "../dto.ts";
import { day, line, authenticated, kwdAmount, useCaseContext, type RouteModule } from "../route-kit.ts";

const party = z.union([
  z.object({ civilId: z.string().max(20) }).strict(),
  z.object({ crNumber: z.string().max(20) }).strict(),
]);
const creditor = z.union([
  z.object({ civilId: z.string().max(20), payoutIban: z.string().max(40).optional() }).strict(),
  z.object({ crNumber: z.string().max(20), payoutIban: z.string().max(40).optional() }).strict(),
]);

/** An executory title with its parties and claim: what a clerk opens a file from, and what a creditor submits online. */
export const titleDetailsBody = z
  .object({
    title: z
      .object({
        type: z.enum(titleTypes),
        court: line().trim().min(2).max(200),
        caseNumber: line().trim().min(1).max(50),
        issuedOn: day(),
        isFinal: z.boolean(),
        hasExecutoryFormula: z.boolean(),
        grantsInterest: z.boolean().default(false),
        dueOn: day().nullable().default(null).describe("Art. 190: the day the right falls due, when later than the issue; null: due on issue"),
        debtKind: z.enum(debtKinds).default("general").describe("Kind of debt (Art. 216): general, alimony (alimony and maintenance) or state; sets the share of a salary that may be held"),
      })
      .strict(),
    creditors: z.array(creditor).min(1).max(20),
    debtors: z.array(party).min(1).max(20),
    claim: z
      .object({ principal: kwdAmount, costs: kwdAmount.default("0"), fees: kwdAmount.default("0"), interest: kwdAmount.default("0") })
      .strict(),
  })
  .strict();

function partyFromWire(wire: z.infer<typeof party>): PartyIdentity {
  return "civilId" in wire ? { civilId: parseCivilId(wire.civilId) } : { crNumber: parseCrNumber(wire.crNumber) };
}

/** The wire's details as the use case's input: identifiers and amounts parsed (stable error codes). */
export function titleDetailsFromWire(input: z.infer<typeof titleDetailsBody>): OpenFileInput {
  const creditors: CreditorIdentity[] = input.creditors.map((wire) => ({
    ...partyFromWire("civilId" in wire ? { civilId: wire.civilId } : { crNumber: wire.crNumber }),
    payoutIban: wire.payoutIban === undefined ? null : parseIban(wire.payoutIban),
  }));
  return {
    title: input.title,
    creditors,
    debtors: input.debtors.map(partyFromWire),
    claim: {
      principal: amountFromWire(input.claim.principal),
      costs: amountFromWire(input.claim.costs),
      fees: amountFromWire(input.claim.fees),
      interest: amountFromWire(input.claim.interest),
    },
  };
}

export const openFileRoute: RouteModule = (router, deps) => {
  router.post(
    "/api/v1/files",
    {
      schema: {
        summary: "Open an enforcement file from an executory title (clerk)",
        tags: ["files"],
        ...authenticated,
        body: titleDetailsBody,
        response: { 201: z.object({ id: z.string(), number: z.string() }) },
      },
    },
    async (request, reply) => {
      const opened = await openFile(deps, useCaseContext(request), titleDetailsFromWire(request.body));
      return reply.code(201).send(opened);
    },
  );
};
