/**
 * Art. 297: a creditor whose right is certain and due may petition for a travel ban even
 * before suing, on a provisional estimate of the debt. Such a creditor has no executory
 * title, so no file can be opened from one: this opens the file on the creditor's own word —
 * the creditor (the person signed in, or a company they represent), the debtor (a person:
 * bans apply to people), and the estimate as the file's claim — with no title and nothing
 * to serve. On it the creditor then petitions the ban (POST .../procedures, kind travel_ban,
 * beforeSuit: true, signed), with the evidence Art. 297 asks for; a judge decides it, and the
 * ban lapses unless the suit is proven filed within the Art. 298(e) period
 * (lapse-bans-before-suit.ts). Only where the rules in force allow it
 * (`travelBan.beforeSuitWithoutTitle`, from kw-2025.5).
 */
import { claimTotal, type Claim } from "../domain/file/claim.ts";
import { kuwaitYear } from "../domain/file/calendar.ts";
import { DomainError } from "../domain/errors.ts";
import { formatFileNumber, isCivilId } from "../domain/identifiers/index.ts";
import type { Fils } from "../domain/money/index.ts";
import { ruleVersionFor } from "../domain/rules/rule-set.ts";
import { appendActions, fileStream } from "../storage/action-log.ts";
import { insertFile, nextFileSequence } from "../storage/files/repository.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { assertPartiesRegistered, type OpenedFile, type PartyIdentity } from "./open-file.ts";

export interface BanBeforeSuitFileInput {
  /** The debtor, by civil ID (a travel ban applies only to a person). */
  debtorCivilId: string;
  /** For a company the person represents; absent: the person is the creditor. */
  creditorCrNumber?: string | null;
  /** The provisional estimate of the debt (Art. 297), in fils. */
  provisionalEstimate: Fils;
}

export async function openBanBeforeSuitFile(deps: AppDeps, context: UseCaseContext, input: BanBeforeSuitFileInput): Promise<OpenedFile> {
  const subject = context.subject;
  const now = deps.clock.now();
  // A creditor in person (or for their company), signed in with the mobile ID: not a machine, not the system.
  if (subject.client || subject.civilId === "system") throw new DomainError("FORBIDDEN", { permission: "ban_before_suit.open" });
  const version = ruleVersionFor(deps.rules, now);
  if (!version.values.travelBan.beforeSuitWithoutTitle) throw new DomainError("BAN_BEFORE_SUIT_NOT_ALLOWED", { ruleVersion: version.id });
  if (input.provisionalEstimate <= 0n) throw new DomainError("VALIDATION_FAILED", { field: "provisionalEstimate", reason: "positive" });
  if (!isCivilId(input.debtorCivilId)) throw new DomainError("VALIDATION_FAILED", { field: "debtorCivilId", reason: "civilId" });
  const crNumber = input.creditorCrNumber ?? null;
  if (crNumber !== null && !subject.companies.includes(crNumber)) throw new DomainError("FORBIDDEN", { permission: "ban_before_suit.open", crNumber });
  const creditor: PartyIdentity = crNumber !== null ? { crNumber } : { civilId: subject.civilId };
  if (crNumber === null && subject.civilId === input.debtorCivilId) throw new DomainError("PARTY_ON_BOTH_SIDES");
  const claim: Claim = { principal: input.provisionalEstimate, costs: 0n, fees: 0n, interest: 0n };
  const total = claimTotal(claim);

  return deps.db.transaction().execute(async (tx) => {
    await assertPartiesRegistered(tx, [creditor, { civilId: input.debtorCivilId }]);
    const fileId = deps.newId();
    const number = formatFileNumber(kuwaitYear(now), await nextFileSequence(tx));
    const parties = [
      { id: deps.newId(), partyRole: "creditor" as const, civilId: "civilId" in creditor ? creditor.civilId : null, crNumber: "crNumber" in creditor ? creditor.crNumber : null, payoutIban: null },
      { id: deps.newId(), partyRole: "debtor" as const, civilId: input.debtorCivilId, crNumber: null, payoutIban: null },
    ];
    await insertFile(tx, {
      id: fileId,
      number,
      claimTotal: total,
      openedBy: subject.civilId,
      openedAt: now,
      title: null,
      parties,
      claimItems: [{ id: deps.newId(), kind: "principal", amount: input.provisionalEstimate }],
    });
    await appendActions(tx, [
      {
        stream: fileStream(fileId),
        actor: { id: subject.civilId, role: "creditor" },
        kind: "file.open_before_suit",
        fileId,
        payload: {
          number,
          parties: parties.map((party) => ({ id: party.id, role: party.partyRole, civilId: party.civilId, crNumber: party.crNumber })),
          provisionalEstimate: input.provisionalEstimate,
          claimTotal: total,
          ruleVersion: version.id,
        },
        reason: "Art. 297: a travel ban before suit, on a provisional estimate of the debt.",
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
    // No title, so nothing is served: the debtor hears of the ban once a judge orders it.
    return { id: fileId, number };
  });
}
