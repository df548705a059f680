/** What a fee receipt states (src/app/documents/issue-document.ts renders it): null while the fee is unpaid. */
import { formatKwd } from "../../domain/money/money.ts";
import { procedureKindLabels } from "../../domain/procedures/labels.ts";
import type { Tx } from "../../storage/action-log.ts";
import { paidFeeReceipt } from "../../storage/payments/repository.ts";
import { kuwaitTime, type PdfRow } from "../documents/pdf.ts";

export async function feeReceiptRows(tx: Tx, fileId: string, procedureId: string): Promise<PdfRow[] | null> {
  const fee = await paidFeeReceipt(tx, fileId, procedureId);
  if (!fee || fee.paidAt === null) return null;
  const kind = procedureKindLabels[fee.procedureKind];
  const result = (fee.gatewayResult ?? {}) as { transactionId?: string; gatewayReference?: string };
  return [
    { labelAr: "رقم الطلب", labelEn: "Request number", value: procedureId },
    { labelAr: "الإجراء", labelEn: "Measure", value: kind.ar, valueEn: kind.en },
    ...(fee.noticeAmount > 0n
      ? [
          { labelAr: "رسم الأمر", labelEn: "Order fee", value: `${formatKwd(fee.amount - fee.noticeAmount)} KWD` },
          { labelAr: "رسم الإعلان", labelEn: "Notice fee", value: `${formatKwd(fee.noticeAmount)} KWD` },
        ]
      : []),
    { labelAr: "الرسوم", labelEn: "Fee", value: `${formatKwd(fee.amount)} KWD` },
    { labelAr: "جدول الرسوم", labelEn: "Fee table", value: fee.ruleVersion },
    { labelAr: "تاريخ السداد", labelEn: "Paid at", value: kuwaitTime(fee.paidAt) },
    { labelAr: "مرجع الدفع", labelEn: "Payment reference", value: fee.paymentId },
    ...(result.transactionId ? [{ labelAr: "رقم العملية لدى كي نت", labelEn: "KNET transaction", value: result.transactionId }] : []),
  ];
}
