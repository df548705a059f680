/**
 * A clerk opens an enforcement file from an executory title: the title, creditors,
 * debtors and the claim, in one transaction with its first action.
 */
import { assertValidClaim, claimItemKinds, claimTotal, type Claim } from "../domain/file/claim.ts";
import { kuwaitDate, kuwaitYear } from "../domain/file/calendar.ts";
import { assertEnforceable, type ExecutoryTitle } from "../domain/file/title.ts";
import { ruleVersionFor, type RuleSet } from "../domain/rules/rule-set.ts";
import { DomainError } from "../domain/errors.ts";
import { formatFileNumber } from "../domain/identifiers/index.ts";
import { fileStream, appendActions, type Tx } from "../storage/action-log.ts";
import { insertFile, nextFileSequence } from "../storage/files/repository.ts";
import { registeredCompanies, registeredPersons } from "../storage/registry/repository.ts";
import { authorizeGlobally, actingRole } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { isUniqueViolation } from "../storage/errors.ts";
import { queueOutbox } from "./outbox-topics.ts";

export type PartyIdentity = { civilId: string } | { crNumber: string };
/** A creditor may give the account (IBAN) that recovered money is paid out to. */
export type CreditorIdentity = PartyIdentity & { payoutIban?: string | null };

export interface OpenFileInput {
  title: ExecutoryTitle;
  creditors: CreditorIdentity[];
  debtors: PartyIdentity[];
  claim: Claim;
}

export interface OpenedFile {
  id: string;
  number: string;
}

const identityKey = (party: PartyIdentity) => ("civilId" in party ? `p:${party.civilId}` : `c:${party.crNumber}`);

/** What a title must pass before a file is opened from it (also when a creditor submits one online). */
export function assertOpenable(input: OpenFileInput, now: Date, rules: RuleSet): void {
  // Art. 190: judged by the title rules in force today.
  assertEnforceable(input.title, kuwaitDate(now), ruleVersionFor(rules, now).values.titles);
  assertValidClaim(input.claim, input.title.grantsInterest);
  const creditorKeys = new Set(input.creditors.map(identityKey));
  if (input.debtors.some((debtor) => creditorKeys.has(identityKey(debtor)))) {
    throw new DomainError("PARTY_ON_BOTH_SIDES");
  }
}

/** A unique violation of the titles (court, case, type) is a title already opened as a file. */
export function asDuplicateTitle(error: unknown): unknown {
  return isUniqueViolation(error, "executory_titles") ? new DomainError("DUPLICATE_TITLE") : error;
}

export async function openFile(deps: AppDeps, context: UseCaseContext, input: OpenFileInput): Promise<OpenedFile> {
  authorizeGlobally(context.subject, "file.open");
  const now = deps.clock.now();
  assertOpenable(input, now, deps.rules);
  try {
    return await deps.db.transaction().execute((tx) => openFileIn(tx, deps, context, input, now));
  } catch (error) {
    throw asDuplicateTitle(error);
  }
}

/**
 * Opens the file in the caller's transaction, once the caller has authorized the subject
 * for file.open and checked the input (assertOpenable): a clerk opening a file directly,
 * or from a title submitted online. A duplicate title fails the transaction (asDuplicateTitle).
 */
export async function openFileIn(tx: Tx, deps: AppDeps, context: UseCaseContext, input: OpenFileInput, now: Date): Promise<OpenedFile> {
  const total = claimTotal(input.claim);
  await assertPartiesRegistered(tx, [...input.creditors, ...input.debtors]);
  const fileId = deps.newId();
  const titleId = deps.newId();
  const number = formatFileNumber(kuwaitYear(now), await nextFileSequence(tx));
  const parties = [
    ...input.creditors.map((party) => ({ party, role: "creditor" as const })),
    ...input.debtors.map((party) => ({ party, role: "debtor" as const })),
  ].map(({ party, role }) => ({
    id: deps.newId(),
    partyRole: role,
    civilId: "civilId" in party ? party.civilId : null,
    crNumber: "crNumber" in party ? party.crNumber : null,
    payoutIban: role === "creditor" ? ((party as CreditorIdentity).payoutIban ?? null) : null,
  }));
  const items = claimItemKinds
    .filter((kind) => input.claim[kind] > 0n)
    .map((kind) => ({ id: deps.newId(), kind, amount: input.claim[kind] }));
  await insertFile(tx, { id: fileId, number, claimTotal: total, openedBy: context.subject.civilId, openedAt: now, title: { ...input.title, id: titleId }, parties, claimItems: items });
  await appendActions(tx, [
    {
      stream: fileStream(fileId),
      actor: { id: context.subject.civilId, role: actingRole(context.subject, null, "file.open") },
      kind: "file.open",
      fileId,
      payload: {
        number,
        title: { ...input.title, id: titleId },
        parties: parties.map((party) => ({ id: party.id, role: party.partyRole, civilId: party.civilId, crNumber: party.crNumber })),
        claim: input.claim,
        claimTotal: total,
      },
      correlationId: context.correlationId,
      occurredAt: now,
    },
  ]);
  // Service of the title on the debtor (electronic notice), after commit through the outbox.
  await queueOutbox(tx, [{ topic: "notice.title_served", payload: { fileId, correlationId: context.correlationId } }], now);
  return { id: fileId, number };
}

export async function assertPartiesRegistered(tx: Tx, parties: PartyIdentity[]) {
  const civilIds = parties.flatMap((party) => ("civilId" in party ? [party.civilId] : []));
  const crNumbers = parties.flatMap((party) => ("crNumber" in party ? [party.crNumber] : []));
  if (civilIds.length > 0) {
    const found = await registeredPersons(tx, civilIds);
    const missing = civilIds.find((civilId) => !found.has(civilId));
    if (missing) throw new DomainError("PERSON_NOT_FOUND");
  }
  if (crNumbers.length > 0) {
    const found = await registeredCompanies(tx, crNumbers);
    const missing = crNumbers.find((crNumber) => !found.has(crNumber));
    if (missing) throw new DomainError("COMPANY_NOT_FOUND", { crNumber: missing });
  }
}
