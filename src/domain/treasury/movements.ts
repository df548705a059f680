/**
 * Money events as the treasury sees them, and the journal entry each one makes. The
 * mapping is the whole of the department's bookkeeping policy, so it lives here, pure:
 * money comes in through a channel (a clearing account until the bank statement shows
 * it), is held for the file's creditors, and leaves as a payout to a creditor's IBAN or
 * as a refund. Fees are the department's own income and never touch creditors' funds.
 */
import { DomainError } from "../errors.ts";
import type { Fils } from "../money/index.ts";
import type { AccountCode } from "./accounts.ts";
import { assertBalanced, type JournalLine } from "./journal.ts";

/** How money reached (or leaves) the department. */
export type MoneyChannel = "online_payment" | "cash_at_department" | "bank_transfer";

export const CHANNEL_ACCOUNT: Readonly<Record<MoneyChannel, AccountCode>> = {
  online_payment: "gateway_clearing",
  cash_at_department: "cash_on_hand",
  bank_transfer: "bank_transfers_clearing",
};

export type ClearingAccount = "gateway_clearing" | "bank_transfers_clearing" | "cash_on_hand";

interface Base {
  fileId: string;
  procedureId?: string | null;
  /** Always positive, in fils. */
  amount: Fils;
  /** The money event's own reference (receipt, transfer, payout id): one posting per kind and reference. */
  reference: string;
  occurredAt: Date;
  /** The file ledger entry (ledger_entries) this movement books, when it credits a file. */
  ledgerEntryId?: string | null;
}

export type TreasuryMovement =
  /** A debtor pays into a file. earmarkedFor: an Art. 298(d) deposit reserved to that creditor (file party id). */
  | (Base & { kind: "debtor_payment"; channel: MoneyChannel; earmarkedFor?: string | null })
  /** A bank transfers funds it froze under the file's attachment to the department's account. */
  | (Base & { kind: "bank_transfer"; bankCode?: string | null; orderId?: string | null })
  /**
   * A bank transfers funds it froze under the file's attachment while the debtor's other
   * creditors attach them too: held on this file until shared among them (distribution.ts).
   */
  | (Base & { kind: "proceeds_received"; bankCode?: string | null; orderId?: string | null })
  /** A share of proceeds received on sourceFileId goes to the funds held for fileId's creditors. */
  | (Base & { kind: "proceeds_shared"; sourceFileId: string })
  /** Proceeds received on the file beyond what every attaching creditor was owed: owed back to the debtor. */
  | (Base & { kind: "proceeds_excess" })
  /** Transferred funds beyond what the file was owed: owed back to the debtor. */
  | (Base & { kind: "transfer_excess"; bankCode?: string | null; orderId?: string | null })
  /** A debtor paid more than was owed when the payment arrived: the excess is owed back to them. */
  | (Base & { kind: "payment_excess"; channel: MoneyChannel })
  /** A creditor pays a request's fee. */
  | (Base & { kind: "fee_received"; channel: MoneyChannel; feeItem?: string | null })
  /** A fee is given back to the creditor through the channel it came by. */
  | (Base & { kind: "fee_refunded"; channel: MoneyChannel; feeReference?: string | null })
  /** A debtor's payment is given back through its channel (out of the file's held funds). */
  | (Base & { kind: "payment_refunded"; channel: MoneyChannel; paymentReference?: string | null; earmarkedFor?: string | null })
  /**
   * A creditor's share is instructed for payment to their IBAN: it stops being held and
   * becomes payable to them. draws: which of the file's held funds it comes from — the
   * common funds (partyId null) or a deposit reserved to a creditor; default all common.
   */
  | (Base & { kind: "payout"; creditorPartyId: string; iban: string; draws?: readonly FundsDraw[] })
  /** The department's bank executed an instructed payout. */
  | (Base & { kind: "payout_paid"; creditorPartyId: string; iban: string })
  /**
   * A refund payable (a transfer or payment excess) is paid to the debtor: through the
   * channel it came by (e.g. the gateway refunds the card), or by default from the
   * department's account to the IBAN given.
   */
  | (Base & { kind: "refund_paid"; channel?: MoneyChannel | null; iban?: string | null })
  /** A clearing account's money shows on the department's bank statement. fileId is not used. */
  | (Omit<Base, "fileId"> & { kind: "settlement"; fileId?: null; from: ClearingAccount });

/** A part of a payout taken from one of a file's held funds. */
export interface FundsDraw {
  /** null: the file's common funds; otherwise the creditor a deposit is reserved to. */
  partyId: string | null;
  amount: Fils;
}

export type MovementKind = TreasuryMovement["kind"];

export const MOVEMENT_KINDS: readonly MovementKind[] = [
  "debtor_payment",
  "bank_transfer",
  "transfer_excess",
  "proceeds_received",
  "proceeds_shared",
  "proceeds_excess",
  "payment_excess",
  "fee_received",
  "fee_refunded",
  "payment_refunded",
  "payout",
  "payout_paid",
  "refund_paid",
  "settlement",
];

/** The balanced lines a movement posts. Throws on a non-positive amount or an impossible split. */
export function journalLinesFor(movement: TreasuryMovement): JournalLine[] {
  const { amount } = movement;
  if (amount <= 0n) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "amount", kind: movement.kind });
  if (movement.reference.trim() === "") throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "reference", kind: movement.kind });
  const file = movement.fileId ?? null;
  const debit = (account: AccountCode, value: Fils, fileId: string | null = null, partyId: string | null = null): JournalLine => ({ account, fileId, partyId, debit: value, credit: 0n });
  const credit = (account: AccountCode, value: Fils, fileId: string | null = null, partyId: string | null = null): JournalLine => ({ account, fileId, partyId, debit: 0n, credit: value });
  const needFile = (): string => {
    if (file === null) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "file", kind: movement.kind });
    return file;
  };

  let lines: JournalLine[];
  switch (movement.kind) {
    case "debtor_payment":
      lines = [debit(CHANNEL_ACCOUNT[movement.channel], amount), credit("funds_held", amount, needFile(), movement.earmarkedFor ?? null)];
      break;
    case "bank_transfer":
      lines = [debit("bank_transfers_clearing", amount), credit("funds_held", amount, needFile())];
      break;
    case "transfer_excess":
      lines = [debit("bank_transfers_clearing", amount), credit("refunds_payable", amount, needFile())];
      break;
    case "proceeds_received":
      lines = [debit("bank_transfers_clearing", amount), credit("proceeds_to_distribute", amount, needFile())];
      break;
    case "proceeds_shared":
      lines = [debit("proceeds_to_distribute", amount, movement.sourceFileId), credit("funds_held", amount, needFile())];
      break;
    case "proceeds_excess":
      lines = [debit("proceeds_to_distribute", amount, needFile()), credit("refunds_payable", amount, needFile())];
      break;
    case "payment_excess":
      lines = [debit(CHANNEL_ACCOUNT[movement.channel], amount), credit("refunds_payable", amount, needFile())];
      break;
    case "fee_received":
      lines = [debit(CHANNEL_ACCOUNT[movement.channel], amount), credit("fee_income", amount)];
      break;
    case "fee_refunded":
      lines = [debit("fee_income", amount), credit(CHANNEL_ACCOUNT[movement.channel], amount)];
      break;
    case "payment_refunded":
      lines = [debit("funds_held", amount, needFile(), movement.earmarkedFor ?? null), credit(CHANNEL_ACCOUNT[movement.channel], amount)];
      break;
    case "payout": {
      const fileId = needFile();
      const draws = movement.draws ?? [{ partyId: null, amount }];
      if (draws.some((draw) => draw.amount <= 0n)) throw new DomainError("TREASURY_ENTRY_INVALID", { reason: "amount", kind: movement.kind });
      lines = [...draws.map((draw) => debit("funds_held", draw.amount, fileId, draw.partyId)), credit("payouts_payable", amount, fileId, movement.creditorPartyId)];
      break;
    }
    case "payout_paid":
      lines = [debit("payouts_payable", amount, needFile(), movement.creditorPartyId), credit("treasury_account", amount)];
      break;
    case "refund_paid":
      lines = [debit("refunds_payable", amount, needFile()), credit(movement.channel ? CHANNEL_ACCOUNT[movement.channel] : "treasury_account", amount)];
      break;
    case "settlement":
      lines = [debit("treasury_account", amount), credit(movement.from, amount)];
      break;
  }
  assertBalanced(lines);
  return lines;
}

/** File ledger sources whose money came through the department (and so is in the treasury). */
export const TREASURY_LEDGER_SOURCES = ["online_payment", "cash_at_department", "bank_transfer", "frozen_funds_transfer", "shared_recovery"] as const;
/** File ledger sources for payments made directly between the parties and reported: no treasury money. */
export const OUTSIDE_LEDGER_SOURCES = ["reported_by_creditor", "reported_by_debtor"] as const;

/**
 * The channel a file credit came through, by the ledger entry's source; null when the
 * money never passed through the department (a payment the creditor or debtor reports
 * as made directly between them), so it makes no treasury movement.
 */
export function channelOfLedgerSource(source: string): MoneyChannel | "frozen_funds" | "shared_proceeds" | null {
  switch (source) {
    case "online_payment":
      return "online_payment";
    case "cash_at_department":
      return "cash_at_department";
    case "bank_transfer":
      return "bank_transfer";
    case "frozen_funds_transfer":
      return "frozen_funds";
    // A share of a transfer received on another file of the same debtor (distribution.ts).
    case "shared_recovery":
      return "shared_proceeds";
    default:
      return null;
  }
}
