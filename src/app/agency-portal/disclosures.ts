/**
 * Art. 204 bis in the agency portal: the disclosure requests sent to the officer's
 * agency, and its answer — a statement of the debtor's accounts (banks) or securities
 * (the clearing company), or a refusal — as the same protocol message a machine would
 * send, through the one code path for agency answers.
 */
import { storeAndApplyAnswer } from "../agency-exchange/receive-answers.ts";
import { agencyMessage, type AgencyMessage } from "../../domain/exchange/messages.ts";
import { DomainError } from "../../domain/errors.ts";
import { parseKwd } from "../../domain/money/index.ts";
import { latestOutbound, listDisclosureRequests, type DisclosureRequestRow } from "../../storage/exchange/reads.ts";
import { authorizeAgencyPortal } from "../../domain/access/authorization.ts";
import { lockDisclosureRequest } from "../../storage/exchange/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { parseAccounts, type RejectionCode } from "./answer-order.ts";

export async function listDisclosuresForAgency(
  deps: AppDeps,
  context: UseCaseContext,
  input: { agencyKey?: string; answered?: boolean; after?: { requestedAt: Date; id: string; agencyKey: string }; limit: number },
): Promise<DisclosureRequestRow[]> {
  const agencies = authorizeAgencyPortal(context.subject, "agency.orders.read");
  const agencyKeys = input.agencyKey === undefined ? agencies : agencies.filter((key) => key === input.agencyKey);
  const { agencyKey: _agencyKey, ...filter } = input;
  const rows = await listDisclosureRequests(deps.db, { ...filter, agencyKeys });
  for (const agencyKey of new Set(rows.map((row) => row.agencyKey))) {
    deps.readLog.record(context, { fileIds: rows.filter((row) => row.agencyKey === agencyKey).map((row) => row.fileId), what: "agency_disclosures", role: "agency_officer", agencyKey });
  }
  return rows;
}

export type DisclosureAnswer =
  | { kind: "statement"; accounts: readonly { iban: string; balance: string }[]; securities: readonly { symbol: string; quantity: number; value: string }[] }
  | { kind: "reject"; code: RejectionCode; reason: string };

export async function answerDisclosure(deps: AppDeps, context: UseCaseContext, input: { requestId: string; agencyKey?: string; answer: DisclosureAnswer }) {
  const { subject } = context;
  const agencies = authorizeAgencyPortal(subject, "agency.orders.answer");
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    // Two answers to one request at once: the second waits here, then finds the first.
    if (!(await lockDisclosureRequest(tx, input.requestId))) throw new DomainError("DISCLOSURE_NOT_FOUND", { requestId: input.requestId });
    const candidates = await listDisclosureRequests(tx, {
      agencyKeys: input.agencyKey === undefined ? agencies : agencies.filter((key) => key === input.agencyKey),
      requestId: input.requestId,
      limit: 10,
    });
    if (candidates.length === 0) throw new DomainError("DISCLOSURE_NOT_FOUND", { requestId: input.requestId });
    if (candidates.length > 1) {
      throw new DomainError("VALIDATION_FAILED", { issues: [{ path: "/agencyKey", message: "the request was sent to more than one of your agencies: name the one answering" }] });
    }
    const target = candidates[0]!;
    if (target.answer !== null) throw new DomainError("ALREADY_ANSWERED", { requestId: input.requestId });
    const original = await latestOutbound(tx, { requestId: input.requestId, agencyKey: target.agencyKey }, ["disclosure.request"]);
    if (!original) throw new DomainError("DISCLOSURE_NOT_FOUND", { requestId: input.requestId });

    const messageId = deps.newId();
    const reply = { messageId, sentAt: now.toISOString(), inReplyTo: original.message_id, requestId: input.requestId };
    let message: AgencyMessage;
    if (input.answer.kind === "reject") {
      message = { ...reply, type: "rejection", code: input.answer.code, reason: input.answer.reason };
    } else {
      const isBank = target.agencyKey.startsWith("bank:");
      // A bank states accounts held with it; securities are the clearing company's to state.
      if (isBank && input.answer.securities.length > 0) throw new DomainError("ANSWER_NOT_APPLICABLE", { reason: "securities_from_a_bank" });
      const accounts = parseAccounts(target.agencyKey, input.answer.accounts, (account) => account.balance);
      message = {
        ...reply,
        type: "disclosure.statement",
        accounts: accounts.map((account) => ({ iban: account.iban, balance: account.amount.toString() })),
        securities: input.answer.securities.map((holding) => ({ symbol: holding.symbol, quantity: holding.quantity, value: parseKwd(holding.value).toString() })),
      };
    }
    const checked = agencyMessage.parse(message);
    const result = await storeAndApplyAnswer({ tx, deps, answer: { agencyKey: target.agencyKey, message: checked, batchId: null, origin: { channel: "portal", officerCivilId: subject.civilId } }, now });
    if (result.status === "duplicate") throw new DomainError("IDEMPOTENCY_CONFLICT", { messageId });
    if (result.outcome.status === "refused") throw new DomainError("ANSWER_NOT_APPLICABLE", { code: result.outcome.code });
    return { messageId, messageType: checked.type, agencyKey: target.agencyKey, requestId: input.requestId };
  });
}
