/**
 * The rows of a bulk job as the application sees them: a procedure request (the same one
 * `requestProcedure` takes) whose file and debtor are named the way a creditor's system
 * knows them — a file number or id, a civil ID, a commercial registration or a party id —
 * plus the client's own reference. Also the digests that make a job idempotent and
 * signable, the summary shown on the phone, and the limits.
 */
import { createHash } from "node:crypto";
import { canonicalJson, toJsonValue } from "../../domain/audit/canonical-json.ts";
import { formatKwd, sumFils } from "../../domain/money/index.ts";
import { procedureKindLabels, type Label } from "../../domain/procedures/labels.ts";
import type { ProcedureRequest } from "../request-procedure.ts";

/** At most this many rows in one job: beyond it, split the batch (BULK_TOO_MANY_ROWS). */
export const BULK_MAX_ROWS = 10_000;
/** The largest JSON body or CSV file accepted for one job (PAYLOAD_TOO_LARGE). */
export const BULK_MAX_BYTES = 16 * 1024 * 1024;
/** What a person's phone signs for a job: one signature over the digest of all its rows. */
export const BULK_SIGNING_PURPOSE = "procedure.request.bulk";
/** A client's reference: 1 to 100 printable characters, no spaces at either end. */
export const REFERENCE_MAX_LENGTH = 100;
/** The action-log stream of a company's bulk jobs (submitted, signed). */
export const bulkStream = (crNumber: string) => `bulk:${crNumber}`;

export type BulkFileRef = { id: string } | { number: string };
export type BulkDebtorRef = { partyId: string } | { civilId: string } | { crNumber: string };
/** What is asked, without the file and debtor: a ProcedureRequest's own fields. */
export type BulkMeasure = ProcedureRequest extends infer R ? (R extends unknown ? Omit<R, "fileId" | "debtorPartyId"> : never) : never;

export interface BulkRow {
  reference: string;
  file: BulkFileRef;
  debtor: BulkDebtorRef;
  measure: BulkMeasure;
}

/** The request for the use case once the file and debtor are known by id. */
export function procedureRequestOf(row: BulkRow, fileId: string, debtorPartyId: string): ProcedureRequest {
  return { ...row.measure, fileId, debtorPartyId } as ProcedureRequest;
}

/** A row as stored (jsonb) and hashed: amounts in fils as strings, banks sorted. */
export function storedRow(row: BulkRow): Record<string, unknown> {
  const measure = row.measure.kind === "bank_attachment" && row.measure.banks !== "all" ? { ...row.measure, banks: [...new Set(row.measure.banks)].sort() } : row.measure;
  return toJsonValue({ reference: row.reference, file: row.file, debtor: row.debtor, measure }) as Record<string, unknown>;
}

export function rowFromStored(stored: Record<string, unknown>): BulkRow {
  const measure = stored.measure as Record<string, unknown>;
  return {
    reference: String(stored.reference),
    file: stored.file as BulkFileRef,
    debtor: stored.debtor as BulkDebtorRef,
    measure: (measure.kind === "bank_attachment" ? { ...measure, amount: BigInt(String(measure.amount)) } : measure) as BulkMeasure,
  };
}

export const sha256Digest = (value: unknown) => `sha256:${createHash("sha256").update(canonicalJson(value)).digest("hex")}`;

export const rowDigest = (row: BulkRow) => sha256Digest(storedRow(row));

/**
 * What the submitter signs: the company, the job's reference, and each row to carry out
 * by its reference and digest, in order. Anyone holding the job's rows can recompute it.
 */
export function jobDigest(crNumber: string, reference: string, rows: readonly { reference: string; digest: string }[]): string {
  return sha256Digest({ purpose: BULK_SIGNING_PURPOSE, crNumber, reference, rows: rows.map((row) => [row.reference, row.digest]) });
}

const count = (n: number, lang: "ar" | "en") => n.toLocaleString(lang === "ar" ? "ar-KW" : "en-US");

/** The phone's summary of a job: how many measures of each kind, the total attached, and what was refused. */
export function summarizeJob(company: Label, reference: string, rows: readonly BulkRow[], refused: number): Label {
  const kinds = (["bank_attachment", "vehicle_seizure", "travel_ban"] as const)
    .map((kind) => ({ kind, rows: rows.filter((row) => row.measure.kind === kind) }))
    .filter((group) => group.rows.length > 0);
  const total = sumFils(rows.flatMap((row) => (row.measure.kind === "bank_attachment" ? [row.measure.amount] : [])));
  const parts = (lang: "ar" | "en") =>
    kinds.map((group) => `${count(group.rows.length, lang)} × ${procedureKindLabels[group.kind][lang]}${group.kind === "bank_attachment" ? (lang === "ar" ? ` (${formatKwd(total)} د.ك)` : ` (KWD ${formatKwd(total)})`) : ""}`).join(lang === "ar" ? "، " : ", ");
  return {
    ar: `تقديم ${count(rows.length, "ar")} طلب تنفيذ باسم ${company.ar} (الدفعة ${reference}): ${parts("ar") || "لا شيء"}.${refused > 0 ? ` رُفض ${count(refused, "ar")} صف ولن يُقدَّم.` : ""}`,
    en: `Submit ${count(rows.length, "en")} enforcement requests for ${company.en} (batch ${reference}): ${parts("en") || "none"}.${refused > 0 ? ` ${count(refused, "en")} rows were refused and will not be submitted.` : ""}`,
  };
}
