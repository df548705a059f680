/**
 * Asking a person to sign a request on their phone, and following the answer. The
 * identity provider's signing service is a port (`deps.identity`, src/app/ports/identity.ts):
 * the stand-in over HTTP here, the national provider's in production.
 */
import { DomainError } from "../domain/errors.ts";
import { banks } from "../domain/identifiers/banks.ts";
import { isolateIdentifiers } from "../domain/identifiers/ltr.ts";
import { formatKwd } from "../domain/money/index.ts";
import { procedureKindLabels, type Label } from "../domain/procedures/labels.ts";
import type { ProcedureKind } from "../domain/procedures/index.ts";
import { appendActions } from "../storage/action-log.ts";
import { debtorNames, fileNumber, fileParties, lockFile } from "../storage/files/repository.ts";
import { procedureById } from "../storage/procedures/repository.ts";
import { answerSigningRequest, insertSigningRequest, signingRequestById } from "../storage/identity/repository.ts";
import type { ApprovalStatus } from "../storage/identity/schema.ts";
import { identityOf } from "./ports/identity.ts";
import { authorizeGlobally, authorizeOnFile } from "../domain/access/authorization.ts";
import type { UseCaseContext } from "./context.ts";
import type { AppDeps } from "./deps.ts";
import { assertEnforcementMayProceed } from "./enforcement-holds.ts";
import { intentDigest, type SigningIntent } from "./signing.ts";

/** The action-log stream of a person's identity events (sign-in, sign-out, signing). */
export const subjectStream = (civilId: string) => `subject:${civilId}`;

export interface SigningRequestView {
  id: string;
  purpose: string;
  fileId: string;
  digest: string;
  summary: Label;
  status: ApprovalStatus;
  expiresAt: Date;
  proof: string | null;
}

function bankList(codes: readonly string[] | "all", lang: "ar" | "en"): string {
  if (codes === "all") return lang === "ar" ? "جميع البنوك" : "all banks";
  return codes.map((code) => banks.find((bank) => bank.code === code)?.[lang === "ar" ? "nameAr" : "nameEn"] ?? code).join(lang === "ar" ? "، " : ", ");
}

/**
 * What the phone shows: the act, the file, the debtor, the amount; in Arabic and English.
 * In Arabic each identifier (the file number first) is an isolated left-to-right run
 * (U+2066 … U+2069), so the phone and the app show "2026/0000007-1" in its own order.
 */
export function summarize(intent: SigningIntent, file: { number: string; debtorAr: string; debtorEn: string; procedureKind?: ProcedureKind }): Label {
  const label = summaryText(intent, file);
  return { ar: isolateIdentifiers(label.ar), en: label.en };
}

function summaryText(intent: SigningIntent, file: { number: string; debtorAr: string; debtorEn: string; procedureKind?: ProcedureKind }): Label {
  const request = intent.request;
  if (intent.purpose === "procedure.waive") {
    const kind = procedureKindLabels[file.procedureKind ?? "bank_attachment"];
    return {
      ar: `التنازل عن إجراء «${kind.ar}» في ملف التنفيذ ${file.number} ضد ${file.debtorAr}. السبب: ${String(request.reason)}`,
      en: `Waive the ${kind.en.toLowerCase()} in enforcement file ${file.number} against ${file.debtorEn}. Reason: ${String(request.reason)}`,
    };
  }
  const kind = procedureKindLabels[request.kind as ProcedureKind];
  let detailAr = "";
  let detailEn = "";
  if (request.kind === "bank_attachment") {
    const amount = formatKwd(request.amount as bigint);
    detailAr = ` بمبلغ ${amount} د.ك لدى: ${bankList(request.banks as string[] | "all", "ar")}`;
    detailEn = ` for KWD ${amount} at: ${bankList(request.banks as string[] | "all", "en")}`;
  }
  // The evidence filed with it is part of what is signed (its ids are in the digest): the summary says how much.
  const papers = Array.isArray(request.documentIds) ? request.documentIds.length : 0;
  if (papers > 0) {
    detailAr += `، مع مستندات مرفقة عددها ${papers}`;
    detailEn += `, with ${papers} document${papers === 1 ? "" : "s"} attached`;
  }
  return {
    ar: `طلب «${kind.ar}» ضد ${file.debtorAr}${detailAr}، في ملف التنفيذ ${file.number}.`,
    en: `Request a ${kind.en.toLowerCase()} against ${file.debtorEn}${detailEn}, in enforcement file ${file.number}.`,
  };
}

/** The file's number and the debtor's names, for the phone's summary of a request. */
export async function describeFile(deps: AppDeps, intent: SigningIntent) {
  const number = await fileNumber(deps.db, intent.fileId);
  if (number === undefined) throw new DomainError("FILE_NOT_FOUND", { fileId: intent.fileId });
  const file = { id: intent.fileId, number };
  let debtorPartyId = intent.request.debtorPartyId as string | undefined;
  let procedureKind: ProcedureKind | undefined;
  if (intent.procedureId !== null) {
    const procedure = await procedureById(deps.db, file.id, intent.procedureId);
    if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId: intent.procedureId });
    debtorPartyId = procedure.debtorPartyId;
    procedureKind = procedure.kind;
  }
  const debtor = await debtorNames(deps.db, file.id, debtorPartyId ?? "00000000-0000-0000-0000-000000000000");
  if (!debtor) throw new DomainError("DEBTOR_NOT_ON_FILE");
  return {
    number: file.number,
    debtorAr: debtor.nameAr,
    debtorEn: debtor.nameEn,
    ...(procedureKind ? { procedureKind } : {}),
  };
}

/**
 * A new measure asked on a closed or satisfied file (FILE_CLOSED), a file whose enforcement
 * a judge suspended (ENFORCEMENT_SUSPENDED) or a debtor under an instalment plan in force
 * (INSTALMENT_PLAN_IN_FORCE) is refused here, before the person is asked to sign on the
 * phone; the same checks run again when the signed request is submitted (requestProcedure).
 */
async function assertRequestMayBeMade(deps: AppDeps, intent: SigningIntent): Promise<void> {
  const debtorPartyId = typeof intent.request.debtorPartyId === "string" ? intent.request.debtorPartyId : undefined;
  await deps.db.transaction().execute(async (tx) => {
    const file = await lockFile(tx, intent.fileId);
    if (!file) throw new DomainError("FILE_NOT_FOUND", { fileId: intent.fileId });
    if (file.status !== "open") throw new DomainError("FILE_CLOSED", { status: file.status });
    if (debtorPartyId === undefined) throw new DomainError("DEBTOR_NOT_ON_FILE");
    await assertEnforcementMayProceed(tx, file.id, debtorPartyId);
  });
}

/**
 * Creates a signing request for an act the subject may do on the file: the file is
 * checked first (someone who may not act on it learns nothing), then the request is
 * pushed to the subject's phone and recorded.
 */
export async function createSigningRequest(
  deps: AppDeps,
  context: UseCaseContext,
  intent: SigningIntent,
): Promise<SigningRequestView> {
  const { subject } = context;
  authorizeGlobally(subject, "signing.request");
  // A batch is asked for with its rows checked (src/app/request-batch.ts).
  if (intent.purpose === "procedure.request.batch") throw new DomainError("VALIDATION_FAILED", { field: "purpose" });
  const now = deps.clock.now();
  const parties = await fileParties(deps.db, intent.fileId);
  if (parties.length === 0) throw new DomainError("FILE_NOT_FOUND", { fileId: intent.fileId });
  authorizeOnFile(subject, intent.purpose, intent.fileId, parties, now);
  const described = await describeFile(deps, intent);
  if (intent.purpose === "procedure.request") await assertRequestMayBeMade(deps, intent);
  return pushSigningRequest(deps, context, intent, summarize(intent, described));
}

/**
 * Pushes the signing request to the subject's phone and records it (with an action on the
 * subject's stream). The caller has checked the subject may make the request.
 */
export async function pushSigningRequest(deps: AppDeps, context: UseCaseContext, intent: SigningIntent, summary: Label): Promise<SigningRequestView> {
  const { subject } = context;
  const now = deps.clock.now();
  const digest = intentDigest(intent);
  const pushed = await identityOf(deps).authority.push({ civilId: subject.civilId, purpose: intent.purpose, digest, summary });
  const id = deps.newId();
  await deps.db.transaction().execute(async (tx) => {
    await insertSigningRequest(tx, {
      id,
      civilId: subject.civilId,
      purpose: intent.purpose,
      fileId: intent.fileId,
      intent: JSON.parse(JSON.stringify(intent, (_key, value) => (typeof value === "bigint" ? value.toString() : value))),
      digest,
      summary,
      idpRequestId: pushed.requestId,
      status: "pending",
      proof: null,
      createdAt: now,
      expiresAt: pushed.expiresAt,
    });
    await appendActions(tx, [
      {
        stream: subjectStream(subject.civilId),
        actor: { id: subject.civilId, role: "signer" },
        kind: "identity.signing.requested",
        fileId: intent.fileId,
        procedureId: intent.procedureId,
        payload: { signingRequestId: id, purpose: intent.purpose, digest, idpRequestId: pushed.requestId },
        correlationId: context.correlationId,
        occurredAt: now,
      },
    ]);
  });
  return { id, purpose: intent.purpose, fileId: intent.fileId, digest, summary, status: "pending", expiresAt: pushed.expiresAt, proof: null };
}

/**
 * A signing request of the subject's, with the provider's answer brought up to date (and
 * recorded, with an action, the first time it is seen). Another person's request does not exist.
 */
export async function readSigningRequest(
  deps: AppDeps,
  context: UseCaseContext,
  id: string,
): Promise<SigningRequestView> {
  const row = await signingRequestById(deps.db, id);
  if (!row || row.civilId !== context.subject.civilId || context.subject.client) throw new DomainError("NOT_FOUND", { signingRequestId: id });
  let { status, proof } = row;
  if (status === "pending") {
    const answer = await identityOf(deps).authority.status(row.idpRequestId);
    const answered = answer.status;
    if (answered !== "pending") {
      const now = deps.clock.now();
      await deps.db.transaction().execute(async (tx) => {
        if (!(await answerSigningRequest(tx, row.id, { status: answer.status, proof: answer.proof }))) return;
        await appendActions(tx, [
          {
            stream: subjectStream(row.civilId),
            actor: { id: row.civilId, role: "signer" },
            kind: `identity.signing.${answered}`,
            fileId: row.fileId,
            payload: { signingRequestId: row.id, digest: row.digest },
            correlationId: context.correlationId,
            occurredAt: now,
          },
        ]);
      });
      status = answer.status;
      proof = answer.proof;
    }
  }
  return {
    id: row.id,
    purpose: row.purpose,
    fileId: row.fileId,
    digest: row.digest,
    summary: row.summary,
    status,
    expiresAt: row.expiresAt,
    proof,
  };
}
