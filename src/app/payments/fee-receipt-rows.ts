/** What a fee receipt states (src/app/documents/issue-document.ts renders it): null while the fee is unpaid. */
import { formatKwd } from "../../domain/money/money.ts";
import { procedureKindLabels } from "../../domain/procedures/labels.ts";
import type { ProcedureKind } from "../../domain/procedures/index.ts";
import type { Tx } from "../../storage/action-log.ts";
import { kuwaitTime, type PdfRow } from "../documents/pdf.ts";

export async function feeReceiptRows(tx: Tx, fileId: string, procedureId: string): Promise<PdfRow[] | null> {
  const fee = await tx
    .selectFrom("procedure_fees as f")
    .innerJoin("procedures as p", "p.id", "f.procedure_id")
    .innerJoin("payments as pay", "pay.id", "f.payment_id")
    .select(["f.amount", "f.rule_version", "f.paid_at", "p.procedure_kind", "pay.id as payment_id", "pay.gateway_result"])
    .where("f.procedure_id", "=", procedureId)
    .where("f.file_id", "=", fileId)
    .where("f.status", "in", ["paid", "refunding", "refunded"])
    .executeTakeFirst();
  if (!fee || fee.paid_at === null) return null;
  const kind = procedureKindLabels[fee.procedure_kind as ProcedureKind];
  const result = (fee.gateway_result ?? {}) as { transactionId?: string; gatewayReference?: string };
  return [
    { labelAr: "رقم الطلب", labelEn: "Request number", value: procedureId },
    { labelAr: "الإجراء", labelEn: "Measure", value: kind.ar, valueEn: kind.en },
    { labelAr: "الرسوم", labelEn: "Fee", value: `${formatKwd(fee.amount)} KWD` },
    { labelAr: "جدول الرسوم", labelEn: "Fee table", value: fee.rule_version },
    { labelAr: "تاريخ السداد", labelEn: "Paid at", value: kuwaitTime(fee.paid_at) },
    { labelAr: "مرجع الدفع", labelEn: "Payment reference", value: fee.payment_id },
    ...(result.transactionId ? [{ labelAr: "رقم العملية لدى كي نت", labelEn: "KNET transaction", value: result.transactionId }] : []),
  ];
}
