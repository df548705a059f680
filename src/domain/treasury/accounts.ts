/**
 * The treasury's chart of accounts. Assets are where the department's money is (or is on
 * its way); liabilities are what it owes (creditors' funds, refunds, instructed payouts);
 * fee income is the department's own. Accounts marked per file are kept apart for every
 * enforcement file (and, for funds held and payouts, for every creditor they are reserved
 * to), so a file's money can never pay another file's creditor.
 */
export type AccountNature = "asset" | "liability" | "income";

export const ACCOUNT_CODES = [
  "gateway_clearing",
  "bank_transfers_clearing",
  "cash_on_hand",
  "treasury_account",
  "funds_held",
  "payouts_payable",
  "refunds_payable",
  "proceeds_to_distribute",
  "fee_income",
] as const;

export type AccountCode = (typeof ACCOUNT_CODES)[number];

export interface AccountDefinition {
  nature: AccountNature;
  /** Kept per enforcement file (a sub-ledger). */
  perFile: boolean;
  nameAr: string;
  nameEn: string;
}

export const CHART_OF_ACCOUNTS: Readonly<Record<AccountCode, AccountDefinition>> = {
  gateway_clearing: { nature: "asset", perFile: false, nameAr: "مقاصة بوابة الدفع", nameEn: "Payment gateway clearing" },
  bank_transfers_clearing: { nature: "asset", perFile: false, nameAr: "تحويلات البنوك قيد التسوية", nameEn: "Bank transfers clearing" },
  cash_on_hand: { nature: "asset", perFile: false, nameAr: "النقد في الصندوق", nameEn: "Cash at the department" },
  treasury_account: { nature: "asset", perFile: false, nameAr: "حساب الإدارة لدى البنك المركزي", nameEn: "Department account at the Central Bank" },
  funds_held: { nature: "liability", perFile: true, nameAr: "أموال محفوظة للدائنين", nameEn: "Funds held for creditors" },
  payouts_payable: { nature: "liability", perFile: true, nameAr: "مبالغ مستحقة الصرف للدائنين", nameEn: "Payouts payable to creditors" },
  refunds_payable: { nature: "liability", perFile: true, nameAr: "مبالغ مستحقة الرد", nameEn: "Refunds payable" },
  // Kept on the file whose order froze the funds, until shared among the debtor's attaching creditors.
  proceeds_to_distribute: { nature: "liability", perFile: true, nameAr: "حصيلة تنفيذ قيد التوزيع", nameEn: "Proceeds awaiting distribution" },
  fee_income: { nature: "income", perFile: false, nameAr: "إيرادات الرسوم", nameEn: "Fee income" },
};

/**
 * The balance of an account in its natural direction: debits minus credits for an
 * asset, credits minus debits for a liability or income. Positive is the normal state.
 */
export function naturalBalance(code: AccountCode, debits: bigint, credits: bigint): bigint {
  return CHART_OF_ACCOUNTS[code].nature === "asset" ? debits - credits : credits - debits;
}

export function isAccountCode(text: string): text is AccountCode {
  return (ACCOUNT_CODES as readonly string[]).includes(text);
}
