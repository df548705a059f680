/**
 * The debtor's side, payments, notices, disputes and instalment plans, as the API sends
 * them (src/http/routes/payments.ts, notices.ts, disputes.ts, instalment-plans.ts).
 * Amounts are KWD decimal strings; times ISO 8601 UTC; Kuwait dates YYYY-MM-DD.
 */
export type HoldingState = "ordered" | "in_force" | "lifting";

export interface Holding {
  kind: "bank_funds" | "vehicle" | "travel_ban";
  agencyKey: string;
  state: HoldingState;
  procedureId: string;
  orderId: string;
  since: string;
  bankCode?: string;
  amount?: string;
  plate?: string;
  make?: string;
  model?: string;
  year?: number;
  reference?: string | null;
}

export interface DebtFile {
  fileId: string;
  number: string;
  status: "open" | "satisfied" | "closed";
  claimTotal: string;
  paid: string;
  outstanding: string;
  creditors: { nameAr: string; nameEn: string }[];
  heldInBanks: string;
  holdings: Holding[];
  pendingPayments: { paymentId: string; amount: string; initiatedAt: string; paymentPageUrl: string | null }[];
}

export interface DebtList {
  files: DebtFile[];
  nextCursor: string | null;
}

export interface StartedPayment {
  paymentId: string;
  purpose: "fee" | "debt";
  fileId: string;
  procedureId: string | null;
  amount: string;
  status: string;
  paymentPageUrl: string;
}

export type PaymentStatus = "pending" | "captured" | "declined" | "cancelled" | "expired";

export interface Payment {
  id: string;
  purpose: "fee" | "debt";
  fileId: string;
  procedureId: string | null;
  amount: string;
  status: PaymentStatus;
  creditedAmount: string;
  initiatedAt: string;
  settledAt: string | null;
  settledVia: "callback" | "status_query" | null;
  paymentPageUrl: string | null;
}

export interface Fee {
  procedureId: string;
  amount: string;
  ruleVersion: string;
  status: "due" | "paid" | "refunding" | "refunded";
  holdsDispatch: boolean;
  paymentId: string | null;
  assessedAt: string;
  paidAt: string | null;
}

export interface Notice {
  id: string;
  kind: string;
  fileId: string;
  fileNumber: string;
  procedureId: string | null;
  recipientRole: string;
  language: string;
  subject: string;
  body: string;
  status: "pending" | "delivered" | "failed";
  deliveredChannel: string | null;
  legalEffectAt: string | null;
  createdAt: string;
}

export interface NoticePreferences {
  language: "ar" | "en";
  email: string | null;
  registered: { email: string | null; phone: string | null };
  updatedAt: string | null;
}

export type DisputeStatus = "filed" | "suspended" | "not_suspended" | "upheld" | "dismissed";

export interface Dispute {
  id: string;
  fileId: string;
  debtorPartyId: string;
  status: DisputeStatus;
  grounds: string;
  filedAt: string;
  ruleVersion: string;
  outstandingAtFiling: string;
  bond: { amount: string; status: "required" | "declared" | "posted"; reference: string | null; declaredAt: string | null; deposited: string | null; postedAt: string | null };
  suspendedAt: string | null;
  suspensionEndedAt: string | null;
  ruledAt: string | null;
}

export type PlanStatus = "proposed" | "agreed" | "in_force" | "completed" | "defaulted" | "refused" | "declined" | "lapsed";

export interface InstalmentPlan {
  id: string;
  fileId: string;
  debtorPartyId: string;
  status: PlanStatus;
  total: string;
  outstandingAtProposal: string;
  ruleVersion: string;
  graceWorkingDays: number;
  proposedAt: string;
  note: string | null;
  orderGrounds: string[] | null;
  orderedAt: string | null;
  inForceAt: string | null;
  endedAt: string | null;
  instalments: { number: number; dueOn: string; amount: string; paid: string; paidAt: string | null; onTime: boolean | null }[];
  consents: { creditorPartyId: string; answer: string; answeredAt: string; reasons: string | null }[];
  measures: { procedureId: string; liftedAt: string | null; restoredProcedureId: string | null }[];
}
