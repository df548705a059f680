/**
 * An agency officer answers an order in the agency portal, for an agency with no machine
 * integration. The answer becomes exactly the protocol message the agency's machine would
 * have sent (a fresh messageId, checked against the protocol's own schema), is stored as
 * an inbound message with the officer who gave it, and is applied by the one code path for
 * agency answers (storeAndApplyAnswer, src/app/agency-exchange) — so the cross-bank cap, the
 * order state machine and idempotency apply exactly as for a signed batch. One transaction:
 * a refused answer writes nothing.
 */
import { storeAndApplyAnswer } from "../agency-exchange/receive-answers.ts";
import { agencyMessage, type AccountParticulars, type AgencyMessage } from "../../domain/exchange/messages.ts";
import { ruleVersionFor } from "../../domain/rules/index.ts";
import { orderRequestedAt } from "../../storage/procedures/repository.ts";
import type { z } from "zod";
import type { rejection, vehicle } from "../../domain/exchange/messages.ts";
import { DomainError } from "../../domain/errors.ts";
import { ibanBankCode, parseIban } from "../../domain/identifiers/index.ts";
import { parseKwd, sumFils, type Fils } from "../../domain/money/index.ts";
import { checkPortalAnswer, isAwaitingAnswer } from "../../domain/procedures/portal-answers.ts";
import type { Tx } from "../../storage/action-log.ts";
import { agencyOrder, latestOutbound, type AgencyOrderRow } from "../../storage/exchange/reads.ts";
import { lockFile } from "../../storage/files/repository.ts";
import { orderAddressee } from "../../storage/procedures/repository.ts";
import { transferConfirmed } from "../../storage/exchange/repository.ts";
import { authorizeAgencyPortal, authorizeForAgency } from "../../domain/access/authorization.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { deadlineMissed } from "./read-orders.ts";

export type Vehicle = z.infer<typeof vehicle>;
export type RejectionCode = z.infer<typeof rejection>["code"];

/** What the officer submits; amounts in KWD as typed ("1234.500"), IBANs as printed. */
export type PortalAnswer =
  | { kind: "acknowledge" }
  | { kind: "declare"; accounts: readonly ({ iban: string; frozen: string } & Partial<DeclaredParticulars>)[]; otherAttachments: number }
  | { kind: "nothing_held" }
  | { kind: "seizure_result"; vehicles: readonly Vehicle[] }
  | { kind: "ban_registered"; reference: string }
  | { kind: "reject"; code: RejectionCode; reason: string }
  | { kind: "confirm_lift" }
  | { kind: "confirm_transfer"; amount: string; transferReference: string };

type ParsedAnswer =
  | Exclude<PortalAnswer, { kind: "declare" } | { kind: "confirm_transfer" }>
  | { kind: "declare"; accounts: ({ iban: string; frozen: Fils } & Partial<DeclaredParticulars>)[]; otherAttachments: number }
  | { kind: "confirm_transfer"; amount: Fils; transferReference: string };

/** Art. 234(2): the cause of what the bank owes the debtor on an account and the documents supporting it. */
export type DeclaredParticulars = Omit<AccountParticulars, "iban">;

/** The officer's agency's bank code, for agency keys of banks. */
const bankCodeOf = (agencyKey: string) => (agencyKey.startsWith("bank:") ? agencyKey.slice("bank:".length) : null);

/**
 * Checks IBANs (checksum, a known bank, and — for a bank — the officer's own bank) and
 * amounts in KWD (never negative, never below a fils); the same errors as everywhere.
 */
export function parseAccounts<T extends { iban: string }>(agencyKey: string, accounts: readonly T[], amountOf: (account: T) => string): { iban: string; amount: Fils }[] {
  const bankCode = bankCodeOf(agencyKey);
  const seen = new Set<string>();
  return accounts.map((account, index) => {
    const iban = parseIban(account.iban);
    if (bankCode !== null && ibanBankCode(iban) !== bankCode) throw new DomainError("IBAN_NOT_OF_AGENCY", { index });
    if (seen.has(iban)) throw new DomainError("VALIDATION_FAILED", { issues: [{ path: `/accounts/${index}/iban`, message: "the same account twice" }] });
    seen.add(iban);
    return { iban, amount: parseKwd(amountOf(account)) };
  });
}

function parseAnswer(agencyKey: string, answer: PortalAnswer): ParsedAnswer {
  switch (answer.kind) {
    case "declare": {
      const accounts = parseAccounts(agencyKey, answer.accounts, (account) => account.frozen).map(({ iban, amount }, index) => {
        const typed = answer.accounts[index]!;
        return { iban, frozen: amount, ...(typed.cause && typed.causeText && typed.documents ? { cause: typed.cause, causeText: typed.causeText, documents: typed.documents } : {}) };
      });
      sumFils(accounts.map((account) => account.frozen));
      return { kind: "declare", accounts, otherAttachments: answer.otherAttachments };
    }
    case "confirm_transfer":
      return { kind: "confirm_transfer", amount: parseKwd(answer.amount), transferReference: answer.transferReference };
    default:
      return answer;
  }
}

const orderMessageTypes = ["attachment.order", "seizure.order", "travel_ban.order"];

/** The protocol message the agency's machine would have sent for this answer. */
async function protocolMessage(tx: Tx, order: AgencyOrderRow, answer: ParsedAnswer, messageId: string, now: Date): Promise<AgencyMessage> {
  const repliesTo = answer.kind === "confirm_lift" ? ["lift.order"] : answer.kind === "confirm_transfer" ? ["transfer.order"] : orderMessageTypes;
  const original = await latestOutbound(tx, { orderId: order.id, agencyKey: order.agencyKey }, repliesTo);
  if (!original) throw new DomainError("ANSWER_NOT_APPLICABLE", { answer: answer.kind, reason: answer.kind === "confirm_transfer" ? "no_transfer_ordered" : "nothing_sent" });
  const reply = { messageId, sentAt: now.toISOString(), inReplyTo: original.message_id, orderId: order.id };
  switch (answer.kind) {
    case "acknowledge":
      return { ...reply, type: "ack" };
    case "declare":
    case "nothing_held":
      if (order.procedureKind === "vehicle_seizure") return { ...reply, type: "seizure.result", vehicles: [] };
      {
        const accounts = answer.kind === "declare" ? answer.accounts : [];
        return {
          ...reply,
          type: "attachment.declaration",
          // Declarations are absolute and numbered; the hub numbers the portal's (under the file lock).
          sequence: order.declarationSequence + 1,
          accounts: accounts.map((account) => ({ iban: account.iban, frozen: account.frozen.toString() })),
          totalFrozen: sumFils(accounts.map((account) => account.frozen)).toString(),
          otherAttachments: answer.kind === "declare" ? answer.otherAttachments : 0,
        };
      }
    case "seizure_result":
      return { ...reply, type: "seizure.result", vehicles: [...answer.vehicles] };
    case "ban_registered":
      return { ...reply, type: "travel_ban.registered", reference: answer.reference };
    case "reject":
      return { ...reply, type: "rejection", code: answer.code, reason: answer.reason };
    case "confirm_lift":
      return { ...reply, type: "lift.confirmation" };
    case "confirm_transfer": {
      const ordered = BigInt((original.body as { amount: string }).amount);
      if (answer.amount > ordered) throw new DomainError("AMOUNT_EXCEEDS_ORDER", { ordered: ordered.toString() });
      if (await transferConfirmed(tx, order.id, original.message_id)) throw new DomainError("ALREADY_ANSWERED", { answer: answer.kind });
      return { ...reply, type: "transfer.confirmation", amount: answer.amount.toString(), transferReference: answer.transferReference };
    }
  }
}

/**
 * The particulars message of a portal declaration: the accounts holding money whose cause and
 * documents the officer gave. Sent when any were given, or when the order's rules require them
 * (kw-2025.4 on: the hub then refuses the answer unless every holding account has them).
 */
async function particularsMessage(
  tx: Tx,
  deps: AppDeps,
  order: AgencyOrderRow,
  answer: Extract<ParsedAnswer, { kind: "declare" }>,
  declaration: Extract<AgencyMessage, { type: "attachment.declaration" }>,
): Promise<AgencyMessage | null> {
  const stated = answer.accounts.filter((account) => account.frozen > 0n && account.cause && account.causeText && account.documents);
  const requestedAt = await orderRequestedAt(tx, order.id);
  const required = requestedAt !== undefined && ruleVersionFor(deps.rules, requestedAt).values.declarations.causeAndDocumentsRequired;
  const holding = answer.accounts.some((account) => account.frozen > 0n);
  if (stated.length === 0 && !(required && holding)) return null;
  return agencyMessage.parse({
    type: "declaration.particulars",
    messageId: deps.newId(),
    sentAt: declaration.sentAt,
    inReplyTo: declaration.inReplyTo,
    orderId: declaration.orderId,
    sequence: declaration.sequence,
    accounts: stated.map((account) => ({ iban: account.iban, cause: account.cause!, causeText: account.causeText!, documents: account.documents! })),
  });
}

export async function answerAgencyOrder(deps: AppDeps, context: UseCaseContext, orderId: string, answer: PortalAnswer) {
  const { subject } = context;
  authorizeAgencyPortal(subject, "agency.orders.answer");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const located = await orderAddressee(tx, orderId);
    if (!located) throw new DomainError("ORDER_NOT_FOUND", { orderId });
    authorizeForAgency(subject, "agency.orders.answer", located.agencyKey, "ORDER_NOT_FOUND", { orderId });
    const parsed = parseAnswer(located.agencyKey, answer);
    // Every change to a file serializes on its row: the order read now is the one the answer applies to.
    await lockFile(tx, located.fileId);
    const order = await agencyOrder(tx, orderId);
    if (!order) throw new DomainError("ORDER_NOT_FOUND", { orderId });
    checkPortalAnswer(parsed.kind, order.procedureKind, order.status);
    const messageId = deps.newId();
    // The protocol's own schema: what is stored is a message a machine could have sent.
    const message = agencyMessage.parse(await protocolMessage(tx, order, parsed, messageId, now));
    const result = await storeAndApplyAnswer({ tx, deps, answer: { agencyKey: order.agencyKey, message, batchId: null, origin: { channel: "portal", officerCivilId: subject.civilId } }, now });
    if (result.status === "duplicate") throw new DomainError("IDEMPOTENCY_CONFLICT", { messageId });
    if (result.outcome.status === "refused") throw new DomainError("ANSWER_NOT_APPLICABLE", { answer: parsed.kind, code: result.outcome.code });
    // Art. 234(2): the cause and documents the officer stated, as the bank's machine would send them
    // (declaration.particulars, same sequence); refused with the declaration where the rules require them for every holding account.
    if (message.type === "attachment.declaration" && parsed.kind === "declare") {
      const particulars = await particularsMessage(tx, deps, order, parsed, message);
      if (particulars) {
        const applied = await storeAndApplyAnswer({ tx, deps, answer: { agencyKey: order.agencyKey, message: particulars, batchId: null, origin: { channel: "portal", officerCivilId: subject.civilId } }, now });
        if (applied.status !== "duplicate" && applied.outcome.status === "refused") throw new DomainError("ANSWER_NOT_APPLICABLE", { answer: parsed.kind, code: applied.outcome.code });
      }
    }
    const after = (await agencyOrder(tx, orderId))!;
    return {
      messageId,
      messageType: message.type,
      outcome: result.outcome,
      order: { ...after, awaitingAnswer: isAwaitingAnswer(after.status), deadlineMissed: deadlineMissed(after, now) },
    };
  });
}
