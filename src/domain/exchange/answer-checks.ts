/**
 * The hub's checks on an agency's answer before it is applied (docs/agency-protocol.md
 * section 11, "Answer checks"): what an answer may say given who sent it and what the hub
 * asked. An answer that fails one is refused in its receipt with the check's code and
 * changes nothing. Pure: the use case loads the message the answer replies to and the
 * order's state.
 *
 * A declaration above the order's maximum is not refused — the money is frozen all the
 * same and the hub must know it — but applied as the cap allows, with a `hold.adjust` for
 * the excess and a breach recorded against the bank (`overDeclaration`).
 */
import { ibanBankCode, isIban } from "../identifiers/iban.ts";
import type { AgencyMessage, HubMessage } from "./messages.ts";

/** Receipt codes of the hub's answer checks, as listed in the spec's table (section 11). */
export const answerCheckCodes = ["IBAN_INVALID", "IBAN_OF_OTHER_BANK", "ACCOUNT_REPEATED", "TOTAL_MISMATCH", "WRONG_REPLY", "SEQUENCE_CONFLICT", "AMOUNT_ABOVE_ORDER", "CREDIT_REPEATED", "FROZEN_ABOVE_CREDITED", "PARTICULARS_INCOMPLETE"] as const;
export type AnswerCheckCode = (typeof answerCheckCodes)[number];

/** The hub message an answer names in `inReplyTo`, as the hub stored it when it sent it to this agency. */
export interface ReplyTarget {
  type: HubMessage["type"];
  orderId: string | null;
  requestId: string | null;
  /** The members that bound the answer: a transfer order's `amount`, an identity query's `civilId`. */
  amount: bigint | null;
  civilId: string | null;
}

/** Which hub messages each answer may reply to (section 7; the declarations of section 10.1). */
export const replyTargets: Record<AgencyMessage["type"], readonly HubMessage["type"][]> = {
  ack: ["attachment.order", "seizure.order", "travel_ban.order", "order.status"],
  rejection: ["attachment.order", "attachment.protection", "seizure.order", "travel_ban.order", "hold.adjust", "transfer.order", "lift.order", "disclosure.request", "identity.query", "order.status"],
  "attachment.declaration": ["attachment.order", "attachment.protection", "hold.adjust", "transfer.order", "order.status"],
  "protection.declaration": ["attachment.order", "attachment.protection", "hold.adjust", "transfer.order", "order.status"],
  "declaration.particulars": ["attachment.order", "attachment.protection", "hold.adjust", "transfer.order", "order.status"],
  "seizure.result": ["seizure.order"],
  "travel_ban.registered": ["travel_ban.order"],
  "lift.confirmation": ["lift.order", "order.status"],
  "transfer.confirmation": ["transfer.order"],
  "disclosure.statement": ["disclosure.request"],
  "identity.result": ["identity.query"],
};

/** The bank code a bank's party id names (`bank:NBOK` → `NBOK`); null for other agencies. */
export const bankCodeOfAgency = (agencyKey: string): string | null => (agencyKey.startsWith("bank:") ? agencyKey.slice("bank:".length) : null);

/**
 * `inReplyTo` names a message the hub sent to this agency, of a type this answer may
 * reply to, about the same order or request.
 */
export function checkReplyTarget(message: AgencyMessage, target: ReplyTarget | undefined): AnswerCheckCode | null {
  if (!target || !replyTargets[message.type].includes(target.type)) return "WRONG_REPLY";
  if ("orderId" in message && message.orderId !== undefined && target.orderId !== message.orderId) return "WRONG_REPLY";
  const requestId = "requestId" in message ? message.requestId : "queryId" in message ? message.queryId : undefined;
  if (requestId !== undefined && target.requestId !== requestId) return "WRONG_REPLY";
  if (message.type === "identity.result" && target.civilId !== message.civilId) return "WRONG_REPLY";
  return null;
}

/** Accounts a bank names: valid IBANs (ISO 7064 mod 97) of the sending bank, each once. */
export function checkAccounts(agencyKey: string, ibans: readonly string[]): AnswerCheckCode | null {
  const bankCode = bankCodeOfAgency(agencyKey);
  const seen = new Set<string>();
  for (const iban of ibans) {
    if (!isIban(iban)) return "IBAN_INVALID";
    if (bankCode !== null && ibanBankCode(iban) !== bankCode) return "IBAN_OF_OTHER_BANK";
    if (seen.has(iban)) return "ACCOUNT_REPEATED";
    seen.add(iban);
  }
  return null;
}

/** What the hub knows of an order when a declaration about it arrives. */
export interface DeclaredOrderState {
  /** The last declaration applied: its sequence (0: none) and total. */
  sequence: number;
  frozenDeclared: bigint;
}

/**
 * A declaration's own content and its place among the order's declarations: accounts as
 * above, `totalFrozen` = the sum of `frozen`, and a sequence already applied only with the
 * same total (the same declaration again; another total under a used number is refused).
 */
export function checkDeclaration(agencyKey: string, message: Extract<AgencyMessage, { type: "attachment.declaration" }>, order: DeclaredOrderState): AnswerCheckCode | null {
  const accounts = checkAccounts(
    agencyKey,
    message.accounts.map((account) => account.iban),
  );
  if (accounts) return accounts;
  const sum = message.accounts.reduce((total, account) => total + BigInt(account.frozen), 0n);
  if (sum !== BigInt(message.totalFrozen)) return "TOTAL_MISMATCH";
  if (message.sequence === order.sequence && BigInt(message.totalFrozen) !== order.frozenDeclared) return "SEQUENCE_CONFLICT";
  return null;
}

/**
 * A bank's salary and exempt credits (Art. 216): IBANs of the sending bank, each credit
 * (IBAN and reference) once, and never more frozen of a credit than was credited.
 */
export function checkProtectedCredits(agencyKey: string, message: Extract<AgencyMessage, { type: "protection.declaration" }>): AnswerCheckCode | null {
  const bankCode = bankCodeOfAgency(agencyKey);
  const seen = new Set<string>();
  for (const credit of message.credits) {
    if (!isIban(credit.iban)) return "IBAN_INVALID";
    if (bankCode !== null && ibanBankCode(credit.iban) !== bankCode) return "IBAN_OF_OTHER_BANK";
    const key = `${credit.iban} ${credit.reference}`;
    if (seen.has(key)) return "CREDIT_REPEATED";
    seen.add(key);
    if (BigInt(credit.frozen) > BigInt(credit.credited)) return "FROZEN_ABOVE_CREDITED";
  }
  return null;
}

/** What the hub knows, when particulars arrive, of the declaration they detail. */
export interface ParticularsFacts {
  /** The order's rule version requires the cause and documents (kw-2025.4 on: `declarations.causeAndDocumentsRequired`). */
  required: boolean;
  /** The order's last declaration: its sequence and the accounts it shows holding money. */
  declared: { sequence: number; holdingIbans: readonly string[] };
}

/**
 * A bank's particulars (Art. 234(2)): IBANs valid, of the sending bank, each once; and, where the
 * order's rules require them and they detail the declaration the hub holds, every account that
 * declaration holds money on has its cause and documents (PARTICULARS_INCOMPLETE otherwise).
 */
export function checkParticulars(agencyKey: string, message: Extract<AgencyMessage, { type: "declaration.particulars" }>, facts: ParticularsFacts): AnswerCheckCode | null {
  const accounts = checkAccounts(
    agencyKey,
    message.accounts.map((account) => account.iban),
  );
  if (accounts) return accounts;
  if (!facts.required || message.sequence !== facts.declared.sequence) return null;
  const stated = new Set(message.accounts.map((account) => account.iban));
  return facts.declared.holdingIbans.every((iban) => stated.has(iban)) ? null : "PARTICULARS_INCOMPLETE";
}

/** A transfer confirmed for no more than the transfer order it answers asked. */
export function checkTransfer(message: Extract<AgencyMessage, { type: "transfer.confirmation" }>, target: ReplyTarget): AnswerCheckCode | null {
  return target.amount !== null && BigInt(message.amount) > target.amount ? "AMOUNT_ABOVE_ORDER" : null;
}

/** Every check an answer must pass before it is applied, given the message it replies to and (for a declaration) the order's state. */
export function checkAnswer(agencyKey: string, message: AgencyMessage, facts: { target: ReplyTarget | undefined; declared?: DeclaredOrderState; particulars?: ParticularsFacts }): AnswerCheckCode | null {
  const reply = checkReplyTarget(message, facts.target);
  if (reply) return reply;
  switch (message.type) {
    case "attachment.declaration":
      return checkDeclaration(agencyKey, message, facts.declared ?? { sequence: 0, frozenDeclared: 0n });
    case "transfer.confirmation":
      return checkTransfer(message, facts.target!);
    case "protection.declaration":
      return checkProtectedCredits(agencyKey, message);
    case "declaration.particulars":
      return checkParticulars(agencyKey, message, facts.particulars ?? { required: false, declared: { sequence: 0, holdingIbans: [] } });
    case "disclosure.statement":
      return checkAccounts(
        agencyKey,
        message.accounts.map((account) => account.iban),
      );
    default:
      return null;
  }
}

/**
 * A declaration above the most the bank was told it may hold under the order: a breach by
 * the bank (it must never freeze above the maximum, section 10.1). `toldMaximum` is the
 * maximum of the latest `attachment.order` or `hold.adjust` the bank had received; null
 * when it had received none yet.
 */
export function overDeclaration(totalFrozen: bigint, toldMaximum: bigint | null): { excess: bigint } | null {
  if (toldMaximum === null || totalFrozen <= toldMaximum) return null;
  return { excess: totalFrozen - toldMaximum };
}
