/** The agency portal's shapes as the API sends them (src/http/routes/agency-portal.ts). */
export interface AgencyDebtor {
  kind: "person" | "company";
  civilId: string | null;
  crNumber: string | null;
  nameAr: string;
  nameEn: string;
}

export type OrderType = "bank_attachment" | "vehicle_seizure" | "travel_ban";

export interface PortalOrder {
  id: string;
  agencyKey: string;
  orderType: OrderType;
  status: string;
  fileNumber: string;
  debtor: AgencyDebtor;
  maxAmount: string | null;
  amountHeld: string;
  frozenDeclared: string;
  declarationSequence: number;
  sentAt: string;
  answerDueAt: string | null;
  deadlineMissedAt: string | null;
  awaitingAnswer: boolean;
  deadlineMissed: boolean;
  updatedAt: string;
}

export interface Vehicle {
  plate: string;
  vin: string;
  make: string;
  model: string;
  year: number;
}

export interface ExchangedMessage {
  id: string;
  direction: "in" | "out";
  messageId: string;
  type: string;
  status: string;
  channel: "hub" | "portal" | "protocol";
  body: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface PortalOrderDetail extends PortalOrder {
  details: { accounts?: { iban: string; frozen: string }[]; otherAttachments?: number; vehicles?: Vehicle[]; reference?: string } | Record<string, never>;
  messages: ExchangedMessage[];
}

export interface PortalOrderList {
  orders: PortalOrder[];
  nextCursor: string | null;
}

export interface AnswerResult {
  messageId: string;
  messageType: string;
  outcome: "applied" | "ignored";
  reason: string | null;
  order: PortalOrder;
}
