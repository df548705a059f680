import { z } from "zod";
import { readFile } from "../../app/read-files.ts";
import { procedureResult, type ProcedureResult } from "../../app/procedure-results.ts";
import type { AccountParticulars } from "../../domain/exchange/messages.ts";
import { ruleVersionFor } from "../../domain/rules/index.ts";
import { iso, kwd, partyIdentifier } from "../dto.ts";
import { authenticated, useCaseContext, uuid, type RouteModule } from "../route-kit.ts";

export const readFileRoute: RouteModule = (router, deps) => {
  router.get(
    "/api/v1/files/:fileId",
    {
      schema: {
        summary: "One enforcement file: title, parties, claim, outstanding, procedures with their agency orders, timeline",
        tags: ["files"],
        ...authenticated,
        params: z.object({ fileId: uuid }).strict(),
      },
    },
    async (request) => {
      const context = useCaseContext(request);
      const detail = await readFile(deps, context, request.params.fileId);
      const { file } = detail;
      return {
        id: file.id,
        number: file.number,
        status: file.status,
        openedAt: iso(file.opened_at),
        satisfiedAt: iso(file.satisfied_at),
        claimTotal: kwd(file.claim_total),
        recoveredTotal: kwd(file.recovered_total),
        outstanding: kwd(detail.outstanding),
        myCapacities: [...detail.access.inPerson, ...[...detail.access.asLawyer.keys()].map((role) => `lawyer_for_${role}`)],
        titles: detail.titles.map((title) => ({
          id: title.id,
          type: title.title_type,
          court: title.court,
          caseNumber: title.case_number,
          issuedOn: title.issued_on,
          isFinal: title.is_final,
          hasExecutoryFormula: title.has_executory_formula,
          grantsInterest: title.grants_interest,
          debtKind: title.debt_kind,
          dueOn: title.due_on,
        })),
        parties: detail.parties.map((party) => ({
          id: party.id,
          role: party.party_role,
          kind: party.civil_id !== null ? "person" : "company",
          nameAr: party.person_ar ?? party.company_ar,
          nameEn: party.person_en ?? party.company_en,
          ...partyIdentifier(party.civil_id, party.cr_number, party.civil_id === context.subject.civilId),
        })),
        claim: detail.claimItems.map((item) => ({ kind: item.item_kind, amount: kwd(item.amount) })),
        ledger: detail.ledger.map((entry) => ({
          id: entry.id,
          kind: entry.entry_kind,
          amount: kwd(entry.amount),
          source: entry.source,
          reference: entry.reference,
          recordedAt: iso(entry.recorded_at),
        })),
        procedures: detail.procedures.map((procedure) => ({
          id: procedure.id,
          kind: procedure.procedure_kind,
          status: procedure.status,
          debtorPartyId: procedure.debtor_party_id,
          amount: kwd(procedure.amount),
          parameters: procedure.parameters,
          requestedAt: iso(procedure.requested_at),
          updatedAt: iso(procedure.updated_at),
          decision: ruleDecisionOf(detail.checks.find((checks) => checks.procedureId === procedure.id)),
          results: resultDto(procedureResult(procedure, detail.orders, detail.allActions)),
          orders: detail.orders
            .filter((order) => order.procedure_id === procedure.id)
            .map((order) => ({
              id: order.id,
              agencyKey: order.agency_key,
              status: order.status,
              amountHeld: kwd(order.amount_held),
              frozenDeclared: kwd(order.frozen_declared),
              maxAmount: kwd(order.max_amount),
              details: publicOrderDetails(order.details),
              ...particularsOf(order, ruleVersionFor(deps.rules, procedure.requested_at).values.declarations.causeAndDocumentsRequired),
              sentAt: iso(order.sent_at),
              answerDueAt: iso(order.answer_due_at),
              deadlineMissedAt: iso(order.deadline_missed_at),
              updatedAt: iso(order.updated_at),
            })),
        })),
        // After a measure that found nothing: the measures the rules allow now, per debtor (for those who may request them).
        nextMeasures: detail.nextMeasures,
        timeline: detail.timeline.map((action) => ({
          seq: Number(action.seq),
          at: iso(action.occurred_at),
          actorRole: action.actor_role,
          kind: action.action_kind,
          label: action.label,
          description: action.description,
          procedureId: action.procedure_id,
          orderId: action.order_id,
          reason: action.reason,
        })),
      };
    },
  );
};

/** What the measure came to (src/app/procedure-results.ts): amounts as KWD, times ISO. */
function resultDto(result: ProcedureResult) {
  return {
    outcome: result.outcome,
    decision: result.decision && { ...result.decision, grantedAmount: kwd(result.decision.grantedAmount), at: iso(result.decision.at) },
    vehicles: result.vehicles,
    portsReference: result.portsReference,
    banks: result.banks.map((bank) => ({
      orderId: bank.orderId,
      agencyKey: bank.agencyKey,
      frozenDeclared: kwd(bank.frozenDeclared),
      held: kwd(bank.held),
      released: bank.released.map((release) => ({ amount: kwd(release.amount), reason: release.reason, at: iso(release.at) })),
      transferred: kwd(bank.transferred),
    })),
    totalHeld: kwd(result.totalHeld),
  };
}

/** The automatic checks on a request: the rule version, the outcome, the queue, the fee, and each check with its text. */
function ruleDecisionOf(stored: { ruleVersion: string; outcome: string; queue: string | null; fee: bigint; checks: unknown; evaluatedAt: Date } | undefined) {
  if (!stored) return null;
  return { ruleVersion: stored.ruleVersion, outcome: stored.outcome, queue: stored.queue, fee: kwd(stored.fee), evaluatedAt: iso(stored.evaluatedAt), checks: stored.checks };
}

const maskIban = (iban: string) => `${iban.slice(0, 8)}••••${iban.slice(-4)}`;

/**
 * Art. 234(2): the cause and documents the bank stated behind its declaration (account numbers
 * by their last digits), and whether any are missing — the order's rules require them
 * (kw-2025.4 on) and an account the last declaration holds money on has none.
 */
function particularsOf(order: { details: unknown; particulars: unknown; particulars_sequence: number; declaration_sequence: number }, required: boolean) {
  const particulars = (typeof order.particulars === "string" ? JSON.parse(order.particulars) : (order.particulars ?? [])) as AccountParticulars[];
  const current = order.particulars_sequence === order.declaration_sequence ? particulars : [];
  const holding = ((order.details as { accounts?: { iban: string; frozen: string }[] } | null)?.accounts ?? []).filter((account) => BigInt(account.frozen) > 0n);
  const stated = new Set(current.map((account) => account.iban));
  return {
    particulars: particulars.map((account) => ({ ...account, iban: maskIban(account.iban) })),
    particularsMissing: required && holding.some((account) => !stated.has(account.iban)),
  };
}

/** What an order's details may show on the file page: account numbers only by their last digits. */
function publicOrderDetails(details: unknown): unknown {
  const accounts = (details as { accounts?: { iban: string; frozen: string }[] })?.accounts;
  if (!accounts) return details;
  return {
    ...(details as object),
    accounts: accounts.map((account) => ({ iban: maskIban(account.iban), frozen: kwd(BigInt(account.frozen)) })),
  };
}
