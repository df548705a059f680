/**
 * The agency portal's API, for a bank or ministry with no machine integration: its
 * officers list the orders sent to their agency, read one with its messages, and answer
 * it — acknowledge, declare what is frozen, report nothing held, report the seizure or the
 * ban, reject, confirm a lift or a transfer — and answer disclosure requests. Each answer
 * is the protocol message the agency's machine would send (docs/agency-protocol.md),
 * applied the same way. Agency officers only, for their own agency only.
 */
import { z } from "zod";
import { answerAgencyOrder, type PortalAnswer } from "../../app/agency-portal/answer-order.ts";
import { answerDisclosure, listDisclosuresForAgency } from "../../app/agency-portal/disclosures.ts";
import { listOrdersForAgency, readOrderForAgency, type AgencyOrderView, type MessageView } from "../../app/agency-portal/read-orders.ts";
import { particularsCauses, particularsDocumentKinds, rejection, vehicle } from "../../domain/exchange/messages.ts";
import { DomainError } from "../../domain/errors.ts";
import { agencyOrderStatuses } from "../../domain/procedures/index.ts";
import { decodeCursor, encodeCursor, iso, kwd } from "../dto.ts";
import { line, kwdAmount, sessionOnly, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

const tags = ["agency portal"];
const agencyKey = z.string().regex(/^(bank:[A-Z]{4}|traffic|ports|civil_info|clearing)$/);
const booleanQuery = z.enum(["true", "false"]).transform((value) => value === "true");
const iban = z.string().min(1).max(40).describe("IBAN, e.g. KW81CBKU0000000000001234560101 (spaces allowed)");
const rejectionBody = z.object({ code: rejection.shape.code, reason: z.string().trim().min(1).max(500) }).strict();
const noBody = z.object({}).strict().nullish().describe("no body, or {}");

const debtorDto = z.object({
  kind: z.enum(["person", "company"]),
  civilId: z.string().nullable(),
  crNumber: z.string().nullable(),
  nameAr: z.string(),
  nameEn: z.string(),
});

const orderDto = z.object({
  id: z.string(),
  agencyKey: z.string(),
  orderType: z.enum(["bank_attachment", "vehicle_seizure", "travel_ban"]),
  status: z.string(),
  fileNumber: z.string(),
  debtor: debtorDto,
  maxAmount: z.string().nullable(),
  amountHeld: z.string(),
  frozenDeclared: z.string(),
  declarationSequence: z.number(),
  sentAt: z.string(),
  answerDueAt: z.string().nullable(),
  deadlineMissedAt: z.string().nullable(),
  awaitingAnswer: z.boolean(),
  deadlineMissed: z.boolean(),
  updatedAt: z.string(),
});

function orderView(order: AgencyOrderView): z.infer<typeof orderDto> {
  return {
    id: order.id,
    agencyKey: order.agencyKey,
    orderType: order.procedureKind,
    status: order.status,
    fileNumber: order.fileNumber,
    // The officer needs the debtor's full identifier to find their accounts, vehicles or record.
    debtor: { kind: order.debtor.civilId !== null ? "person" : "company", ...order.debtor },
    maxAmount: kwd(order.maxAmount),
    amountHeld: kwd(order.amountHeld)!,
    frozenDeclared: kwd(order.frozenDeclared)!,
    declarationSequence: order.declarationSequence,
    sentAt: iso(order.sentAt)!,
    answerDueAt: iso(order.answerDueAt),
    deadlineMissedAt: iso(order.deadlineMissedAt),
    awaitingAnswer: order.awaitingAnswer,
    deadlineMissed: order.deadlineMissed,
    updatedAt: iso(order.updatedAt)!,
  };
}

/** Amounts in details are fils on the wire between machines; the portal shows KWD. */
function detailsView(details: unknown): unknown {
  const accounts = (details as { accounts?: { iban: string; frozen: string }[] } | null)?.accounts;
  if (!accounts) return details ?? {};
  return { ...(details as object), accounts: accounts.map((account) => ({ iban: account.iban, frozen: kwd(BigInt(account.frozen)) })) };
}

function messageView(message: MessageView) {
  return {
    id: message.id.toString(),
    direction: message.direction,
    messageId: message.messageId,
    type: message.type,
    status: message.status,
    channel: message.direction === "out" ? "hub" : message.submittedBy !== null ? "portal" : "protocol",
    body: message.body,
    createdAt: iso(message.createdAt)!,
    updatedAt: iso(message.updatedAt)!,
  };
}

const answerResponse = z.object({
  messageId: z.string(),
  messageType: z.string(),
  outcome: z.enum(["applied", "ignored"]),
  reason: z.string().nullable(),
  order: orderDto,
});

function encodeDisclosureCursor(requestedAt: Date, id: string, agencyKey: string) {
  return Buffer.from(`${requestedAt.toISOString()}|${id}|${agencyKey}`).toString("base64url");
}

function decodeDisclosureCursor(cursor: string) {
  const [at, id, key] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const requestedAt = new Date(at ?? "");
  if (Number.isNaN(requestedAt.getTime()) || !id || !/^[0-9a-f-]{36}$/.test(id) || !key || !agencyKey.safeParse(key).success) {
    throw new DomainError("VALIDATION_FAILED", { field: "cursor" });
  }
  return { requestedAt, id, agencyKey: key };
}

export const agencyPortalRoutes: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/agency/orders",
    {
      schema: {
        summary: "Orders sent to my agency (agency officer), newest first",
        tags,
        ...sessionOnly,
        querystring: z
          .object({
            status: z.enum(agencyOrderStatuses).optional(),
            awaitingAnswer: booleanQuery.optional().describe("true: the agency owes an answer (to the order or to its lift)"),
            deadlineMissed: booleanQuery.optional().describe("true: the answer deadline passed unanswered"),
            agencyKey: agencyKey.optional().describe("one of my agencies, when I serve more than one"),
            cursor: z.string().max(200).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
        response: { 200: z.object({ orders: z.array(orderDto), nextCursor: z.string().nullable() }) },
      },
    },
    async (request) => {
      const { cursor, limit, ...filter } = request.query;
      const decoded = cursor === undefined ? undefined : decodeCursor(cursor);
      if (decoded === null) throw new DomainError("VALIDATION_FAILED", { field: "cursor" });
      const after = decoded === undefined ? undefined : { sentAt: decoded.openedAt, id: decoded.id };
      const orders = await listOrdersForAgency(deps, useCaseContext(request), { ...dropUndefined(filter), ...(after ? { after } : {}), limit });
      const last = orders.at(-1);
      return { orders: orders.map(orderView), nextCursor: last && orders.length === limit ? encodeCursor(last.sentAt, last.id) : null };
    },
  );

  router.get(
    "/api/v1/agency/orders/:orderId",
    {
      schema: {
        summary: "One order sent to my agency, with every message exchanged about it",
        tags,
        ...sessionOnly,
        params: z.object({ orderId: uuid }).strict(),
      },
    },
    async (request) => {
      const { order, messages } = await readOrderForAgency(deps, useCaseContext(request), request.params.orderId);
      return { ...orderView(order), details: detailsView(order.details), messages: messages.map(messageView) };
    },
  );

  const answerRoute = <Body extends z.ZodType>(path: string, summary: string, body: Body, toAnswer: (body: z.output<Body>) => PortalAnswer) => {
    router.post(
      `/api/v1/agency/orders/:orderId/${path}`,
      { schema: { summary, tags, ...sessionOnly, params: z.object({ orderId: uuid }).strict(), body, response: { 200: answerResponse } } },
      async (request) => {
        const result = await answerAgencyOrder(deps, useCaseContext(request), request.params.orderId, toAnswer(request.body as z.output<Body>));
        return {
          messageId: result.messageId,
          messageType: result.messageType,
          outcome: result.outcome.status === "applied" ? ("applied" as const) : ("ignored" as const),
          reason: result.outcome.status === "ignored" ? result.outcome.reason : null,
          order: orderView(result.order),
        };
      },
    );
  };

  answerRoute("acknowledgement", "Acknowledge the order: the agency has it and will act on it", noBody, () => ({ kind: "acknowledge" }));
  answerRoute(
    "declaration",
    "Declare what the bank holds under the order now, per account (Art. 230(e)), with the cause and documents of each account holding money (Art. 234(2); required from rule version kw-2025.4); absolute, not a delta: the hub numbers it and applies the cross-bank cap",
    z
      .object({
        accounts: z
          .array(
            z
              .object({
                iban,
                frozen: kwdAmount,
                cause: z.enum(particularsCauses).optional().describe("Art. 234(2): why the bank owes the debtor what is on the account (required with the rest from rule version kw-2025.4 for an account holding money)"),
                causeText: z.string().trim().min(1).max(500).optional().describe("The cause in words, as the bank's records state it"),
                documents: z
                  .array(z.object({ kind: z.enum(particularsDocumentKinds), reference: z.string().trim().min(1).max(100), issuedOn: z.iso.date() }).strict())
                  .min(1)
                  .max(20)
                  .optional()
                  .describe("The documents supporting it"),
              })
              .strict(),
          )
          .min(1)
          .max(100),
        otherAttachments: z.number().int().min(0).max(1000).default(0).describe("other attachments already on these accounts"),
      })
      .strict(),
    (body) => ({ kind: "declare", accounts: body.accounts, otherAttachments: body.otherAttachments }),
  );
  answerRoute("nothing-held", "Report that nothing is held: no account with funds (banks), no vehicle registered (traffic)", noBody, () => ({ kind: "nothing_held" }));
  answerRoute(
    "seizure-result",
    "Report the vehicles registered to the debtor, each now flagged (traffic)",
    z.object({ vehicles: z.array(vehicle).min(1).max(200) }).strict(),
    (body) => ({ kind: "seizure_result", vehicles: body.vehicles }),
  );
  answerRoute(
    "ban-registration",
    "Report the travel ban registered at every port, with its reference (ports)",
    z.object({ reference: line().trim().min(1).max(50) }).strict(),
    (body) => ({ kind: "ban_registered", reference: body.reference }),
  );
  answerRoute("rejection", "Refuse the order, with a code and the reason", rejectionBody, (body) => ({ kind: "reject", code: body.code, reason: body.reason }));
  answerRoute("lift-confirmation", "Confirm the order is lifted: unfrozen, unflagged or unbanned", noBody, () => ({ kind: "confirm_lift" }));
  answerRoute(
    "transfer-confirmation",
    "Confirm the transfer of frozen funds to the department's account, with the amount moved and the bank's reference",
    z.object({ amount: kwdAmount, transferReference: line().trim().min(1).max(50) }).strict(),
    (body) => ({ kind: "confirm_transfer", amount: body.amount, transferReference: body.transferReference }),
  );

  router.get(
    "/api/v1/agency/disclosures",
    {
      schema: {
        summary: "Disclosure requests (Art. 204 bis) sent to my agency, newest first, with my agency's answer if any",
        tags,
        ...sessionOnly,
        querystring: z
          .object({
            answered: booleanQuery.optional(),
            agencyKey: agencyKey.optional(),
            cursor: z.string().max(300).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          })
          .strict(),
      },
    },
    async (request) => {
      const { cursor, limit, answered, agencyKey: key } = request.query;
      const after = cursor === undefined ? undefined : decodeDisclosureCursor(cursor);
      const rows = await listDisclosuresForAgency(deps, useCaseContext(request), {
        ...(answered === undefined ? {} : { answered }),
        ...(key === undefined ? {} : { agencyKey: key }),
        ...(after ? { after } : {}),
        limit,
      });
      const last = rows.at(-1);
      return {
        requests: rows.map((row) => ({
          requestId: row.requestId,
          agencyKey: row.agencyKey,
          fileNumber: row.fileNumber,
          debtor: { kind: row.debtor.civilId !== null ? "person" : "company", ...row.debtor },
          requestedAt: iso(row.requestedAt),
          answer: row.answer ? { type: row.answer.type, at: iso(row.answer.at) } : null,
        })),
        nextCursor: last && rows.length === limit ? encodeDisclosureCursor(last.requestedAt, last.requestId, last.agencyKey) : null,
      };
    },
  );

  router.post(
    "/api/v1/agency/disclosures/:requestId/statement",
    {
      schema: {
        summary: "Answer a disclosure request with a statement of the debtor's accounts (banks) or securities (clearing company)",
        tags,
        ...sessionOnly,
        params: z.object({ requestId: uuid }).strict(),
        body: z
          .object({
            agencyKey: agencyKey.optional(),
            accounts: z.array(z.object({ iban, balance: kwdAmount }).strict()).max(100).default([]),
            securities: z
              .array(z.object({ symbol: line().trim().min(1).max(20), quantity: z.number().int().min(0), value: kwdAmount }).strict())
              .max(200)
              .default([]),
          })
          .strict(),
      },
    },
    async (request) => {
      const { agencyKey: key, accounts, securities } = request.body;
      return answerDisclosure(deps, useCaseContext(request), { requestId: request.params.requestId, ...(key ? { agencyKey: key } : {}), answer: { kind: "statement", accounts, securities } });
    },
  );

  router.post(
    "/api/v1/agency/disclosures/:requestId/rejection",
    {
      schema: {
        summary: "Refuse a disclosure request (e.g. the person is not a customer), with a code and the reason",
        tags,
        ...sessionOnly,
        params: z.object({ requestId: uuid }).strict(),
        body: rejectionBody.extend({ agencyKey: agencyKey.optional() }).strict(),
      },
    },
    async (request) => {
      const { agencyKey: key, code, reason } = request.body;
      return answerDisclosure(deps, useCaseContext(request), { requestId: request.params.requestId, ...(key ? { agencyKey: key } : {}), answer: { kind: "reject", code, reason } });
    },
  );
};

function dropUndefined<T extends Record<string, unknown>>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as never;
}
