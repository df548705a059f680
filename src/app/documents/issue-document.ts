/**
 * Issuing the department's PDFs: a receipt for a requested procedure, an agency order,
 * a lift certificate (order lifted) and a release certificate (file satisfied). Each
 * carries a random verification code and a QR code of its public address
 * (`/verify/<code>`); the sha256 of the exact bytes is kept, so anyone can check a copy
 * is authentic and unaltered, and every PDF is signed with the department's key (PAdES,
 * src/app/documents/pdf.ts). Receipts and orders hold no personal data: the file number,
 * the measure and agency, amounts and times. The release certificate proves the release to
 * whoever must act on it (a bank, the ports): it names the debtor and the creditors with
 * their identifiers, the executory title, every amount paid and when, and every measure
 * lifted with its agency, references and the time the agency confirmed the lift — issued
 * only once every lift is confirmed. Issuing again returns the document already issued.
 */
import { randomBytes } from "node:crypto";
import { documentKindLabels, type GeneratedDocumentKind } from "../../domain/documents/documents.ts";
import { DomainError } from "../../domain/errors.ts";
import { formatKwd } from "../../domain/money/money.ts";
import { agencyKindLabels, agencyOrderStatusLabels, procedureKindLabels, procedureStatusLabels } from "../../domain/procedures/labels.ts";
import { parseAgencyKey } from "../../domain/procedures/agencies.ts";
import type { Tx } from "../../storage/action-log.ts";
import { sha256Hex } from "../../storage/document-store.ts";
import { fileCredits, fileSatisfiedAt, fileTotals, partiesWithNames, titlesOfFile } from "../../storage/files/repository.ts";
import { liftsOfFile, liftsOutstanding, orderSummary, procedureSummary } from "../../storage/procedures/repository.ts";
import { titleTypeLabels } from "../../domain/file/title.ts";
import { insertDocument, issuedDocument, type StoredDocument } from "../../storage/documents/repository.ts";
import type { UseCaseContext } from "../context.ts";
import type { AppDeps } from "../deps.ts";
import { openFileSession } from "../locked-file.ts";
import { documentView, type DocumentView } from "./document-view.ts";
import { feeReceiptRows } from "../payments/fee-receipt-rows.ts";
import { paymentReceiptFacts } from "../../storage/payments/repository.ts";

/** How a debtor's payment reached the department, as its receipt says. */
const paymentSourceLabels: Record<string, { ar: string; en: string }> = {
  online_payment: { ar: "دفع إلكتروني", en: "Online payment" },
  cash_at_department: { ar: "نقدًا لدى الإدارة", en: "Cash at the department" },
  bank_transfer: { ar: "تحويل بنكي", en: "Bank transfer" },
  frozen_funds_transfer: { ar: "تحويل الأموال المحجوزة من البنك", en: "Attached funds transferred by a bank" },
  shared_recovery: { ar: "حصة من تحويل على ملف آخر للمدين", en: "Share of a transfer on another file of the debtor" },
  reported_by_creditor: { ar: "دفع مباشر أقرّ به الدائن", en: "Paid directly, reported by the creditor" },
  reported_by_debtor: { ar: "دفع مباشر أبلغ عنه المدين", en: "Paid directly, reported by the debtor" },
};

const ARABIC_LETTERS = /[\u0600-\u06ff]/;

/** What the release certificate states besides the file number (see the header). */
async function releaseRows(tx: Tx, file: { id: string; number: string; status: string }): Promise<PdfRow[]> {
  const satisfiedAt = await fileSatisfiedAt(tx, file.id);
  if (file.status !== "satisfied" || satisfiedAt === null) throw notIssuable("release_certificate", "file_not_satisfied");
  if ((await liftsOutstanding(tx, file.id)) > 0) throw notIssuable("release_certificate", "lifts_not_confirmed");
  const rows: PdfRow[] = [];
  const parties = await partiesWithNames(tx, file.id);
  for (const role of ["debtor", "creditor"] as const) {
    for (const party of parties.filter((one) => one.partyRole === role)) {
      const id = party.civilId ? { ar: `الرقم المدني ${party.civilId}`, en: `Civil ID ${party.civilId}` } : { ar: `السجل التجاري ${party.crNumber ?? ""}`, en: `CR ${party.crNumber ?? ""}` };
      rows.push({
        labelAr: role === "debtor" ? "المدين" : "الدائن",
        labelEn: role === "debtor" ? "Debtor" : "Creditor",
        value: `${party.nameAr || party.nameEn} — ${id.ar}`,
        valueEn: `${party.nameEn || party.nameAr} — ${id.en}`,
      });
    }
  }
  for (const title of await titlesOfFile(tx, file.id)) {
    const type = titleTypeLabels[title.type];
    rows.push({
      labelAr: "السند التنفيذي",
      labelEn: "Executory title",
      value: `${type.ar} — ${title.court} — الدعوى رقم ${title.caseNumber} — ${title.issuedOn}`,
      // The court and case number as filed, often in Arabic: said in the English line only when they are not.
      valueEn: [type.en, ...(ARABIC_LETTERS.test(title.court) ? [] : [title.court]), ...(ARABIC_LETTERS.test(title.caseNumber) ? [] : [`case ${title.caseNumber}`]), `issued ${title.issuedOn}`].join(", "),
    });
  }
  const totals = await fileTotals(tx, file.id);
  rows.push({ labelAr: "المبلغ المطلوب", labelEn: "Amount claimed", value: `${formatKwd(totals.claimTotal)} KWD` });
  for (const credit of await fileCredits(tx, file.id)) {
    const how = paymentSourceLabels[credit.source] ?? { ar: credit.source, en: credit.source };
    rows.push({
      labelAr: "مبلغ مدفوع",
      labelEn: "Amount paid",
      value: how.ar,
      valueEn: `${formatKwd(credit.amount)} KWD — ${how.en} — ${kuwaitTime(credit.recordedAt)}${credit.reference ? ` — ref. ${credit.reference}` : ""}`,
    });
  }
  rows.push(
    { labelAr: "مجموع المحصَّل", labelEn: "Total recovered", value: `${formatKwd(totals.recoveredTotal)} KWD` },
    { labelAr: "تاريخ الوفاء", labelEn: "Satisfied at", value: kuwaitTime(satisfiedAt) },
  );
  const lifts = await liftsOfFile(tx, file.id);
  if (lifts.length === 0) rows.push({ labelAr: "الإجراءات المرفوعة", labelEn: "Measures lifted", value: "لم يكن على الملف إجراء قائم", valueEn: "No measure was in force on the file" });
  for (const lift of lifts) {
    const ref = parseAgencyKey(lift.agencyKey);
    const agency = agencyKindLabels[ref.kind];
    const agencyName = ref.kind === "bank" ? { ar: `${agency.ar} ${ref.bankCode}`, en: `${agency.en} ${ref.bankCode}` } : agency;
    const measure = procedureKindLabels[lift.procedureKind];
    rows.push({
      labelAr: "إجراء مرفوع",
      labelEn: "Measure lifted",
      value: `${measure.ar} لدى ${agencyName.ar}`,
      valueEn: [
        `${measure.en} at ${agencyName.en}`,
        `order ${lift.orderId}`,
        ...(lift.agencyReference ? [`agency ref. ${lift.agencyReference}`] : []),
        `lift confirmed ${lift.liftConfirmedAt ? kuwaitTime(lift.liftConfirmedAt) : "—"}`,
        ...(lift.confirmationMessageId ? [`confirmation ${lift.confirmationMessageId}`] : []),
      ].join(" — "),
    });
  }
  return rows;
}
import { kuwaitTime, renderPdf, type PdfContent, type PdfRow } from "./pdf.ts";
import type { DocumentServices } from "./services.ts";

export type IssueInput =
  | { kind: "request_receipt"; fileId: string; procedureId: string }
  | { kind: "agency_order" | "lift_certificate"; fileId: string; orderId: string }
  | { kind: "release_certificate"; fileId: string }
  | { kind: "fee_receipt"; fileId: string; procedureId: string }
  | { kind: "payment_receipt"; fileId: string; ledgerEntryId: string };

export interface IssuedDocument {
  document: DocumentView;
  verifyUrl: string;
}

export function verifyUrlOf(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/+$/, "")}/verify/${code}`;
}

const notIssuable = (kind: GeneratedDocumentKind, reason: string) => new DomainError("DOCUMENT_NOT_ISSUABLE", { kind, reason });

async function procedureRows(tx: Tx, fileId: string, procedureId: string): Promise<PdfRow[]> {
  const procedure = await procedureSummary(tx, fileId, procedureId);
  if (!procedure) throw new DomainError("PROCEDURE_NOT_FOUND", { procedureId });
  const kind = procedureKindLabels[procedure.kind];
  const status = procedureStatusLabels[procedure.status];
  return [
    { labelAr: "رقم الطلب", labelEn: "Request number", value: procedureId },
    { labelAr: "الإجراء المطلوب", labelEn: "Measure requested", value: kind.ar, valueEn: kind.en },
    ...(procedure.amount !== null ? [{ labelAr: "المبلغ", labelEn: "Amount", value: `${formatKwd(procedure.amount)} KWD` }] : []),
    { labelAr: "تاريخ الطلب", labelEn: "Requested at", value: kuwaitTime(procedure.requestedAt) },
    ...(status ? [{ labelAr: "الحالة عند الإصدار", labelEn: "Status when issued", value: status.ar, valueEn: status.en }] : []),
  ];
}

async function orderRows(tx: Tx, fileId: string, orderId: string, kind: "agency_order" | "lift_certificate"): Promise<{ rows: PdfRow[]; procedureId: string }> {
  const order = await orderSummary(tx, fileId, orderId);
  if (!order) throw new DomainError("ORDER_NOT_FOUND", { orderId });
  const status = order.status;
  if (kind === "agency_order" && (status === "pending" || status === "cancelled")) throw notIssuable(kind, "order_not_sent");
  if (kind === "lift_certificate" && status !== "lifted") throw notIssuable(kind, "order_not_lifted");
  const ref = parseAgencyKey(order.agencyKey);
  const agency = agencyKindLabels[ref.kind];
  const agencyName = ref.kind === "bank" ? { ar: `${agency.ar} ${ref.bankCode}`, en: `${agency.en} ${ref.bankCode}` } : agency;
  const measure = procedureKindLabels[order.procedureKind];
  const statusLabel = agencyOrderStatusLabels[status];
  return {
    procedureId: order.procedureId,
    rows: [
      { labelAr: "رقم الأمر", labelEn: "Order number", value: orderId },
      { labelAr: "الجهة", labelEn: "Agency", value: agencyName.ar, valueEn: agencyName.en },
      { labelAr: "الإجراء", labelEn: "Measure", value: measure.ar, valueEn: measure.en },
      ...(kind === "agency_order" && order.maxAmount !== null
        ? [{ labelAr: "الحد الأقصى للحجز", labelEn: "Maximum to hold", value: `${formatKwd(order.maxAmount)} KWD` }]
        : []),
      ...(kind === "lift_certificate"
        ? [{ labelAr: "تاريخ الرفع", labelEn: "Lifted at", value: kuwaitTime(order.updatedAt) }]
        : [{ labelAr: "حالة الأمر", labelEn: "Order status", value: statusLabel.ar, valueEn: statusLabel.en }]),
    ],
  };
}

const notes: Record<GeneratedDocumentKind, { ar: string; en: string }> = {
  request_receipt: {
    ar: "استلمت الإدارة العامة للتنفيذ هذا الطلب، ويُنظر فيه وفق القواعد النافذة وقت تقديمه.",
    en: "The Enforcement Department has received this request; it is judged by the rules in force when it was made.",
  },
  agency_order: {
    ar: "على الجهة المذكورة تنفيذ هذا الأمر والرد عليه عبر منظومة التنفيذ عن بعد.",
    en: "The agency named is ordered to carry out this order and answer it through the remote enforcement system.",
  },
  lift_certificate: {
    ar: "تشهد الإدارة العامة للتنفيذ بأن هذا الإجراء قد رُفع لدى الجهة المذكورة.",
    en: "The Enforcement Department certifies that this measure has been lifted at the agency named.",
  },
  fee_receipt: {
    ar: "استلمت الإدارة العامة للتنفيذ رسوم هذا الطلب عبر بوابة الدفع الإلكتروني.",
    en: "The Enforcement Department has received this request's fee through the online payment gateway.",
  },
  payment_receipt: {
    ar: "استلمت الإدارة العامة للتنفيذ هذه الدفعة وقيدتها في ملف التنفيذ المذكور، وتُحفظ للدائنين وفق القواعد.",
    en: "The Enforcement Department has received this payment and credited it to the enforcement file named; it is held for the creditors under the rules.",
  },
  release_certificate: {
    ar: "تشهد الإدارة العامة للتنفيذ بأن المبالغ المطلوبة في ملف التنفيذ قد سُددت بالكامل.",
    en: "The Enforcement Department certifies that the amounts claimed in this enforcement file have been paid in full.",
  },
};

/** The release certificate's statement, naming the file. */
function releaseNote(fileNumber: string): { ar: string; en: string } {
  return {
    ar: `تشهد الإدارة العامة للتنفيذ بأن المبالغ المطلوبة في ملف التنفيذ رقم ${fileNumber} قد سُددت بالكامل، وبأن كل إجراء مذكور أعلاه قد رُفع وأكدت الجهة المختصة رفعه؛ فلا يجوز الإبقاء على أي حجز أو منع بموجب هذا الملف.`,
    en: `The Enforcement Department certifies that the amounts claimed in enforcement file ${fileNumber} have been paid in full, and that every measure listed above has been lifted, as its agency confirmed; no attachment, seizure or ban may be kept under this file.`,
  };
}

export async function issueDocument(
  deps: AppDeps,
  services: DocumentServices,
  context: UseCaseContext,
  input: IssueInput,
  baseUrl: string,
): Promise<IssuedDocument> {
  const now = deps.clock.now();
  return deps.db.transaction().execute(async (tx) => {
    const { file, changes } = await openFileSession(tx, context, input.fileId, "document.read", now);
    const procedureId = input.kind === "request_receipt" || input.kind === "fee_receipt" ? input.procedureId : null;
    const orderId = input.kind === "agency_order" || input.kind === "lift_certificate" ? input.orderId : null;

    let rows: PdfRow[] = [{ labelAr: "رقم ملف التنفيذ", labelEn: "Enforcement file", value: file.number }];
    let linkedProcedure = procedureId;
    if (input.kind === "request_receipt") rows.push(...(await procedureRows(tx, file.id, input.procedureId)));
    else if (input.kind === "fee_receipt") {
      const fee = await feeReceiptRows(tx, file.id, input.procedureId);
      if (fee === null) throw notIssuable(input.kind, "fee_not_paid");
      rows.push(...fee);
    } else if (input.kind === "payment_receipt") {
      const paid = await paymentReceiptFacts(tx, file.id, input.ledgerEntryId);
      if (!paid) throw notIssuable(input.kind, "not_a_payment");
      const how = paymentSourceLabels[paid.source] ?? { ar: paid.source, en: paid.source };
      rows.push(
        { labelAr: "المبلغ المدفوع", labelEn: "Amount paid", value: `${formatKwd(paid.amount)} KWD` },
        { labelAr: "طريقة الدفع", labelEn: "Paid by", value: how.ar, valueEn: how.en },
        ...(paid.reference ? [{ labelAr: "المرجع", labelEn: "Reference", value: paid.reference }] : []),
        { labelAr: "تاريخ الدفع", labelEn: "Paid at", value: kuwaitTime(paid.recordedAt) },
        { labelAr: "المتبقي بعد الدفعة", labelEn: "Still owed after it", value: `${formatKwd(paid.outstandingAfter)} KWD` },
      );
    } else if (input.kind === "release_certificate") {
      rows.push(...(await releaseRows(tx, file)));
    } else {
      const order = await orderRows(tx, file.id, input.orderId, input.kind);
      rows = [...rows, ...order.rows];
      linkedProcedure = order.procedureId;
    }

    const ledgerEntryId = input.kind === "payment_receipt" ? input.ledgerEntryId : null;
    const existing = await issuedDocument(tx, { fileId: file.id, kind: input.kind, orderId, procedureId, ledgerEntryId });
    if (existing) return { document: documentView(existing), verifyUrl: verifyUrlOf(baseUrl, existing.verificationCode!) };

    const code = randomBytes(15).toString("base64url");
    const verifyUrl = verifyUrlOf(baseUrl, code);
    const label = documentKindLabels[input.kind];
    const content: PdfContent = {
      titleAr: label.ar,
      titleEn: label.en,
      rows: [...rows, { labelAr: "تاريخ الإصدار", labelEn: "Issued at", value: kuwaitTime(now) }],
      noteAr: input.kind === "release_certificate" ? releaseNote(file.number).ar : notes[input.kind].ar,
      noteEn: input.kind === "release_certificate" ? releaseNote(file.number).en : notes[input.kind].en,
      verifyUrl,
      verificationCode: code,
      issuedAtKuwait: kuwaitTime(now),
    };
    const bytes = await renderPdf(content, { signer: services.signer, at: now });
    const sha256 = sha256Hex(bytes);
    const row: StoredDocument = {
      id: deps.newId(),
      fileId: file.id,
      procedureId: linkedProcedure,
      orderId,
      kind: input.kind,
      origin: "generated",
      mediaType: "application/pdf",
      sha256,
      sizeBytes: BigInt(bytes.length),
      name: `${input.kind}-${code}.pdf`,
      createdBy: context.subject.civilId,
      createdAt: now,
      verificationCode: code,
      ledgerEntryId,
    };
    await insertDocument(tx, row);
    changes.record("document.issued", {
      ...(linkedProcedure ? { procedureId: linkedProcedure } : {}),
      ...(orderId ? { orderId } : {}),
      payload: { documentId: row.id, kind: input.kind, sha256, verificationCode: code },
    });
    await changes.commit();
    await services.storage.put(sha256, bytes);
    return { document: documentView(row), verifyUrl };
  });
}
