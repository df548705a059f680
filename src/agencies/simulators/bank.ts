/**
 * A stand-in bank. Accounts per debtor (civil ID or CR number) come from the seed unless
 * overridden; an attachment order freezes up to its maximum across the debtor's accounts
 * and stands: later credits are frozen too, until the order is lifted. Declarations are
 * absolute (what is frozen now) with a sequence that grows per order.
 *
 * Salaries and exempt sums (Art. 216): some accounts hold a salary credit or an exempt credit
 * (social assistance, a stipend …) as part of their balance (data.ts). An order sent with its
 * terms (attachment.protection) freezes other money first, then of each such credit no more
 * than the share the terms allow (shared by every order on the credit), and of a credit the
 * hub limited no more than told; each declaration of such an order is followed by a
 * protection.declaration with the same sequence. A bank set not to honour the terms
 * (`honoursProtection = false`, for tests of the hub) freezes whole salaries but still obeys the
 * hub's per-credit limits.
 */
import { isIban, makeIban, type BankCode } from "../../domain/identifiers/index.ts";
import type { HubMessage } from "../../domain/exchange/messages.ts";
import type { AgencyBehaviour, AgencyContext } from "./agency.ts";
import { generateAccounts, Prng } from "./data.ts";

type Message<T extends HubMessage["type"]> = Extract<HubMessage, { type: T }>;

export interface BankAccount {
  iban: string;
  /** Ledger balance in fils, frozen part included. */
  balance: bigint;
  /** Salary and exempt credits that are part of the balance; `taken`: paid over to the department already. */
  credits?: { reference: string; category: string; amount: bigint; taken: bigint }[];
}

/** The shares an order may hold (attachment.protection), in basis points by category ("salary" or an exempt kind). */
export interface BankProtection {
  salaryShareBps: number;
  exempt: Map<string, number>;
}

export interface BankOrder {
  orderId: string;
  fileNumber: string;
  debtorId: string;
  /** The attachment order's messageId: credits' declarations reply to it. */
  orderMessageId: string;
  maxAmount: bigint;
  status: "standing" | "lifted";
  /** Last declaration sequence sent. */
  sequence: number;
  /** Frozen under this order, per IBAN. */
  frozen: Map<string, bigint>;
  transferred: bigint;
  /** sentAt of the last hold.adjust applied: an older one arriving later is ignored. */
  lastAdjustSentAt: string | null;
  receivedAt: string;
  liftedAt: string | null;
  /** The terms the hub sent with the order; null: none received (the bank's own practice). */
  terms: BankProtection | null;
  /** Per credit (IBAN and reference), the most the hub said this order may hold of it. */
  creditLimits: Map<string, bigint>;
  /** Per credit, what this order holds of it (part of `frozen` of its IBAN). */
  frozenCredits: Map<string, bigint>;
}

const creditKey = (iban: string, reference: string) => `${iban} ${reference}`;

export interface BankTransfer {
  orderId: string;
  amount: bigint;
  toIban: string;
  reference: string;
  at: string;
}

const sum = (values: Iterable<bigint>) => {
  let total = 0n;
  for (const value of values) total += value;
  return total;
};
const min = (a: bigint, b: bigint) => (a < b ? a : b);

export function debtorIdOf(debtor: { civilId: string } | { crNumber: string }): string {
  return "civilId" in debtor ? debtor.civilId : debtor.crNumber;
}

export class BankBehaviour implements AgencyBehaviour {
  private accounts = new Map<string, BankAccount[]>();
  private orders = new Map<string, BankOrder>();
  /** Orders lifted before they arrived: if they arrive later, they are refused. */
  private liftedUnknown = new Set<string>();
  /** A maximum set by hold.adjust before its order arrived. */
  private earlyAdjustments = new Map<string, { maxAmount: bigint; sentAt: string }>();
  private transfers: BankTransfer[] = [];
  private openedAccounts = 0;
  /** Terms (and limits) received before their order: applied if it arrives. */
  private earlyProtection = new Map<string, Message<"attachment.protection">>();
  /** Whether the bank applies the shares it is sent itself (true), or freezes whole salaries until the hub limits each credit (false). */
  honoursProtection = true;
  /**
   * Whether the bank states the cause and documents behind each declaration holding money
   * (declaration.particulars, Art. 234(2)); false, for tests of the hub, declares amounts only.
   */
  declaresParticulars = true;

  readonly bankCode: BankCode;
  private readonly seed: number;

  constructor(
    bankCode: BankCode,
    seed: number,
  ) {
    this.bankCode = bankCode;
    this.seed = seed;
  }

  handle(message: HubMessage, context: AgencyContext): void {
    switch (message.type) {
      case "attachment.order":
        return this.attach(message, context);
      case "hold.adjust":
        return this.adjust(message, context);
      case "attachment.protection":
        return this.protect(message, context);
      case "lift.order":
        return this.lift(message, context);
      case "transfer.order":
        return this.transfer(message, context);
      case "disclosure.request":
        return this.disclose(message, context);
      case "order.status":
        return this.status(message, context);
      default:
        context.reject(message, "INVALID_ORDER", `a bank does not handle ${message.type}`);
    }
  }

  // ---- accounts ---------------------------------------------------------------------------

  accountsOf(debtorId: string): BankAccount[] {
    let list = this.accounts.get(debtorId);
    if (!list) {
      list = generateAccounts(this.seed, this.bankCode, debtorId).map((account) => ({
        iban: account.iban,
        balance: account.balance,
        ...(account.credits ? { credits: account.credits.map((credit) => ({ ...credit, taken: 0n })) } : {}),
      }));
      this.accounts.set(debtorId, list);
    }
    return list;
  }

  /** Replaces the debtor's accounts (control API); standing orders are re-applied at once. */
  setAccounts(debtorId: string, accounts: readonly { iban?: string | undefined; balance: bigint }[], context: AgencyContext): number {
    const list = accounts.map((account) => ({ iban: account.iban ?? this.newIban(debtorId), balance: account.balance }));
    for (const account of list) {
      if (!isIban(account.iban) || account.iban.slice(4, 8) !== this.bankCode) throw new Error(`${account.iban} is not a valid IBAN of ${this.bankCode}`);
      if (account.balance < 0n) throw new Error("a balance cannot be negative");
    }
    this.accounts.set(debtorId, list);
    return this.reconcile(debtorId, context);
  }

  /**
   * Money arrives in the debtor's account (the first one, or the IBAN given; an account
   * is opened if there is none). Standing orders below their maximum freeze more and a
   * new declaration goes out for each order whose total changed. Returns that count.
   */
  credit(debtorId: string, amount: bigint, context: AgencyContext, iban?: string): number {
    if (amount <= 0n) throw new Error("a credit must be positive");
    const list = this.accountsOf(debtorId);
    let account = iban ? list.find((candidate) => candidate.iban === iban) : list[0];
    if (!account) {
      if (iban) throw new Error(`${iban} is not an account of this debtor at ${this.bankCode}`);
      account = { iban: this.newIban(debtorId), balance: 0n };
      list.push(account);
    }
    account.balance += amount;
    return this.reconcile(debtorId, context);
  }

  private newIban(debtorId: string): string {
    const rng = Prng.of(this.seed, "opened", this.bankCode, debtorId, this.openedAccounts++);
    return makeIban(this.bankCode, `0000${rng.digits(18)}`);
  }

  /** Frozen on an account by every standing order. */
  private frozenOn(iban: string): bigint {
    let total = 0n;
    for (const order of this.orders.values()) if (order.status === "standing") total += order.frozen.get(iban) ?? 0n;
    return total;
  }

  private standingOrdersOf(debtorId: string): BankOrder[] {
    return [...this.orders.values()].filter((order) => order.debtorId === debtorId && order.status === "standing");
  }

  private totalOf(order: BankOrder): bigint {
    return sum(order.frozen.values());
  }

  /** Freezes what is available, up to the order's maximum, account by account: other money first, then salary and exempt credits as allowed. */
  private freezeMore(order: BankOrder) {
    let need = order.maxAmount - this.totalOf(order);
    for (const account of this.accountsOf(order.debtorId)) {
      if (need <= 0n) break;
      const available = account.balance - this.protectedOn(account) - this.unprotectedFrozenOn(account.iban);
      if (available > 0n) {
        const take = min(available, need);
        order.frozen.set(account.iban, (order.frozen.get(account.iban) ?? 0n) + take);
        need -= take;
      }
      for (const credit of account.credits ?? []) {
        if (need <= 0n) break;
        const take = min(this.creditRoom(order, account.iban, credit), need);
        if (take <= 0n) continue;
        const key = creditKey(account.iban, credit.reference);
        order.frozenCredits.set(key, (order.frozenCredits.get(key) ?? 0n) + take);
        order.frozen.set(account.iban, (order.frozen.get(account.iban) ?? 0n) + take);
        need -= take;
      }
    }
  }

  /** What is left of the account's salary and exempt credits (not yet paid over). */
  private protectedOn(account: BankAccount): bigint {
    const left = sum((account.credits ?? []).map((credit) => credit.amount - credit.taken));
    return left < account.balance ? left : account.balance;
  }

  /** Frozen of a credit by every standing order. */
  private creditFrozenByAll(key: string): bigint {
    let total = 0n;
    for (const order of this.orders.values()) if (order.status === "standing") total += order.frozenCredits.get(key) ?? 0n;
    return total;
  }

  /** Frozen on an account by every standing order, salary and exempt credits excepted. */
  private unprotectedFrozenOn(iban: string): bigint {
    let total = 0n;
    for (const order of this.orders.values()) {
      if (order.status !== "standing") continue;
      total += (order.frozen.get(iban) ?? 0n) - this.creditsFrozenOn(order, iban);
    }
    return total;
  }

  private creditsFrozenOn(order: BankOrder, iban: string): bigint {
    let total = 0n;
    for (const [key, held] of order.frozenCredits) if (key.startsWith(`${iban} `)) total += held;
    return total;
  }

  /** The most of a credit the bank may hold in all under its own reading of the order's terms (none: all of it). */
  private creditShare(order: BankOrder, credit: { category: string; amount: bigint }): bigint {
    if (!order.terms || !this.honoursProtection) return credit.amount;
    const bps = credit.category === "salary" ? order.terms.salaryShareBps : (order.terms.exempt.get(credit.category) ?? 0);
    return (credit.amount * BigInt(bps)) / 10_000n;
  }

  /** What this order may still freeze of a credit: its share less what every order holds or paid over, and within the hub's limit. */
  private creditRoom(order: BankOrder, iban: string, credit: { reference: string; category: string; amount: bigint; taken: bigint }): bigint {
    const key = creditKey(iban, credit.reference);
    let room = min(this.creditShare(order, credit), credit.amount) - credit.taken - this.creditFrozenByAll(key);
    const limit = order.creditLimits.get(key);
    if (limit !== undefined) room = min(room, limit - (order.frozenCredits.get(key) ?? 0n));
    return room > 0n ? room : 0n;
  }

  /** Releases what the order holds of a credit above its share or the hub's limit. */
  private trimCredits(order: BankOrder) {
    for (const account of this.accountsOf(order.debtorId)) {
      for (const credit of account.credits ?? []) {
        const key = creditKey(account.iban, credit.reference);
        const held = order.frozenCredits.get(key) ?? 0n;
        if (held <= 0n) continue;
        const limit = order.creditLimits.get(key);
        const allOver = this.creditFrozenByAll(key) + credit.taken - min(this.creditShare(order, credit), credit.amount);
        let release = allOver > 0n ? min(allOver, held) : 0n;
        if (limit !== undefined && held - release > limit) release = held - limit;
        if (release <= 0n) continue;
        order.frozenCredits.set(key, held - release);
        order.frozen.set(account.iban, (order.frozen.get(account.iban) ?? 0n) - release);
      }
    }
  }

  /** Releases anything above the order's maximum: salary and exempt credits first, then other money, last accounts first. */
  private releaseExcess(order: BankOrder) {
    let excess = this.totalOf(order) - order.maxAmount;
    for (const [key, held] of order.frozenCredits) {
      if (excess <= 0n) break;
      const release = min(held, excess);
      if (release <= 0n) continue;
      const iban = key.slice(0, key.indexOf(" "));
      order.frozenCredits.set(key, held - release);
      order.frozen.set(iban, (order.frozen.get(iban) ?? 0n) - release);
      excess -= release;
    }
    const ibans = [...order.frozen.keys()].reverse();
    for (const iban of ibans) {
      if (excess <= 0n) break;
      const held = (order.frozen.get(iban) ?? 0n) - this.creditsFrozenOn(order, iban);
      const release = min(held, excess);
      if (release <= 0n) continue;
      order.frozen.set(iban, (order.frozen.get(iban) ?? 0n) - release);
      excess -= release;
    }
  }

  /**
   * After balances changed: holds shrink where an account no longer covers them (e.g. an
   * override lowered a balance), then standing orders, oldest first, freeze what they may.
   * Each order whose total changed declares again. Returns the number of declarations.
   */
  private reconcile(debtorId: string, context: AgencyContext): number {
    const orders = this.standingOrdersOf(debtorId);
    const before = new Map(orders.map((order) => [order.orderId, this.totalOf(order)]));
    const balances = new Map(this.accountsOf(debtorId).map((account) => [account.iban, account.balance]));
    for (const order of orders) {
      for (const [iban, held] of order.frozen) {
        const balance = balances.get(iban) ?? 0n;
        const kept = min(held, balance);
        order.frozen.set(iban, kept);
        balances.set(iban, balance - kept);
        // What it held of the account's credits shrinks with it.
        let over = this.creditsFrozenOn(order, iban) - kept;
        for (const [key, creditHeld] of order.frozenCredits) {
          if (over <= 0n) break;
          if (!key.startsWith(`${iban} `)) continue;
          const release = min(creditHeld, over);
          order.frozenCredits.set(key, creditHeld - release);
          over -= release;
        }
      }
    }
    for (const order of orders) this.trimCredits(order);
    for (const order of orders) this.freezeMore(order);
    let declared = 0;
    for (const order of orders) {
      if (this.totalOf(order) !== before.get(order.orderId)) {
        this.sendDeclaration(order, order.orderMessageId, context);
        declared++;
      }
    }
    return declared;
  }

  private otherAttachments(order: BankOrder): number {
    return this.standingOrdersOf(order.debtorId).filter((other) => other.orderId !== order.orderId).length;
  }

  private sendDeclaration(order: BankOrder, inReplyTo: string, context: AgencyContext, options?: { frozen?: Map<string, bigint>; extraDelayMs?: number }) {
    const frozen = options?.frozen ?? order.frozen;
    order.sequence++;
    const accounts = this.accountsOf(order.debtorId)
      .map((account) => ({ iban: account.iban, frozen: String(frozen.get(account.iban) ?? 0n) }))
      .slice(0, 100);
    context.reply(
      {
        type: "attachment.declaration",
        inReplyTo,
        orderId: order.orderId,
        sequence: order.sequence,
        accounts,
        totalFrozen: String(sum(frozen.values())),
        otherAttachments: this.otherAttachments(order),
      },
      options?.extraDelayMs ? { extraDelayMs: options.extraDelayMs } : undefined,
    );
    // Art. 234(2): the cause and documents of what it holds, account by account, same sequence.
    const holding = accounts.filter((account) => BigInt(account.frozen) > 0n);
    if (this.declaresParticulars && holding.length > 0) {
      const today = new Date(context.now().getTime() + 3 * 3_600_000).toISOString().slice(0, 10);
      const particulars = holding.map((account) => {
        const salaried = (this.accountsOf(order.debtorId).find((candidate) => candidate.iban === account.iban)?.credits ?? []).some((credit) => credit.category === "salary");
        const tail = account.iban.slice(-10);
        return {
          iban: account.iban,
          cause: salaried ? ("salary_account" as const) : ("current_account" as const),
          causeText: salaried ? "Balance of the debtor's salary account under the bank's account agreement" : "Balance of the debtor's current account under the bank's account agreement",
          documents: [
            { kind: "account_statement" as const, reference: `STMT-${tail}-${order.sequence}`, issuedOn: today },
            { kind: "account_agreement" as const, reference: `AGR-${tail}`, issuedOn: "2019-03-04" },
          ],
        };
      });
      context.reply(
        { type: "declaration.particulars", inReplyTo, orderId: order.orderId, sequence: order.sequence, accounts: particulars },
        options?.extraDelayMs ? { extraDelayMs: options.extraDelayMs } : undefined,
      );
    }
    // Sent with its terms: the salary and exempt credits behind the declaration, same sequence.
    if (order.terms === null) return;
    const held = options?.frozen ? new Map<string, bigint>() : order.frozenCredits;
    const credits = this.accountsOf(order.debtorId)
      .flatMap((account) =>
        (account.credits ?? []).map((credit) => ({
          iban: account.iban,
          reference: credit.reference,
          category: credit.category,
          credited: String(credit.amount),
          frozen: String(held.get(creditKey(account.iban, credit.reference)) ?? 0n),
        })),
      )
      .slice(0, 200);
    context.reply(
      { type: "protection.declaration", inReplyTo, orderId: order.orderId, sequence: order.sequence, credits },
      options?.extraDelayMs ? { extraDelayMs: options.extraDelayMs } : undefined,
    );
  }

  // ---- messages ---------------------------------------------------------------------------

  private attach(message: Message<"attachment.order">, context: AgencyContext) {
    const existing = this.orders.get(message.orderId);
    if (existing) {
      // The same order again under a new messageId: acknowledged again, state re-declared.
      if (existing.status === "lifted") return context.reject(message, "INVALID_ORDER", "this order has been lifted");
      context.reply({ type: "ack", inReplyTo: message.messageId, orderId: message.orderId });
      return this.sendDeclaration(existing, message.messageId, context);
    }
    if (this.liftedUnknown.has(message.orderId)) {
      return context.reject(message, "INVALID_ORDER", "this order was lifted before it arrived");
    }
    const early = this.earlyAdjustments.get(message.orderId);
    const order: BankOrder = {
      orderId: message.orderId,
      fileNumber: message.fileNumber,
      debtorId: debtorIdOf(message.debtor),
      orderMessageId: message.messageId,
      maxAmount: early ? early.maxAmount : BigInt(message.maxAmount),
      status: "standing",
      sequence: 0,
      frozen: new Map(),
      transferred: 0n,
      lastAdjustSentAt: early ? early.sentAt : null,
      receivedAt: context.now().toISOString(),
      liftedAt: null,
      terms: null,
      creditLimits: new Map(),
      frozenCredits: new Map(),
    };
    this.earlyAdjustments.delete(message.orderId);
    const earlyTerms = this.earlyProtection.get(message.orderId);
    if (earlyTerms) this.applyTerms(order, earlyTerms);
    this.earlyProtection.delete(message.orderId);
    this.orders.set(order.orderId, order);
    context.reply({ type: "ack", inReplyTo: message.messageId, orderId: order.orderId });
    this.freezeMore(order);
    this.sendDeclaration(order, message.messageId, context);
  }

  private adjust(message: Message<"hold.adjust">, context: AgencyContext) {
    const order = this.orders.get(message.orderId);
    if (!order) {
      // Remembered, so the order applies it if it arrives after all; the hub learns it was early.
      const early = this.earlyAdjustments.get(message.orderId);
      if (!early || early.sentAt <= message.sentAt) this.earlyAdjustments.set(message.orderId, { maxAmount: BigInt(message.maxAmount), sentAt: message.sentAt });
      return context.reject(message, "INVALID_ORDER", "unknown order: the new maximum will apply if the order arrives");
    }
    if (order.status === "lifted") return context.reject(message, "INVALID_ORDER", "this order has been lifted");
    // Adjustments apply in the order the hub sent them: an older one arriving late changes nothing.
    if (order.lastAdjustSentAt === null || message.sentAt >= order.lastAdjustSentAt) {
      order.maxAmount = BigInt(message.maxAmount);
      order.lastAdjustSentAt = message.sentAt;
      this.releaseExcess(order);
      this.freezeMore(order);
    }
    this.sendDeclaration(order, message.messageId, context);
  }

  private applyTerms(order: BankOrder, message: Message<"attachment.protection">) {
    order.terms = { salaryShareBps: message.salaryShareBps, exempt: new Map(message.exempt.map((kind) => [kind.category, kind.attachableShareBps])) };
    for (const credit of message.credits) order.creditLimits.set(creditKey(credit.iban, credit.reference), BigInt(credit.maxFrozen));
  }

  /** Art. 216: the shares the order may hold, and per credit the most the hub allows: released at once, declared again. */
  private protect(message: Message<"attachment.protection">, context: AgencyContext) {
    const order = this.orders.get(message.orderId);
    if (!order) {
      this.earlyProtection.set(message.orderId, message);
      return context.reject(message, "INVALID_ORDER", "unknown order: the terms will apply if the order arrives");
    }
    if (order.status === "lifted") return context.reject(message, "INVALID_ORDER", "this order has been lifted");
    this.applyTerms(order, message);
    this.trimCredits(order);
    this.freezeMore(order);
    this.sendDeclaration(order, message.messageId, context);
  }

  /** Reconciliation (section 10.5): where the order stands, from what the bank holds now. */
  private status(message: Message<"order.status">, context: AgencyContext) {
    const order = this.orders.get(message.orderId);
    if (!order) {
      if (this.liftedUnknown.has(message.orderId)) return context.reply({ type: "lift.confirmation", inReplyTo: message.messageId, orderId: message.orderId });
      return context.reject(message, "INVALID_ORDER", "unknown order: this bank never received it");
    }
    if (order.status === "lifted") return context.reply({ type: "lift.confirmation", inReplyTo: message.messageId, orderId: order.orderId });
    context.reply({ type: "ack", inReplyTo: message.messageId, orderId: order.orderId });
    this.sendDeclaration(order, message.messageId, context);
  }

  private lift(message: Message<"lift.order">, context: AgencyContext) {
    const order = this.orders.get(message.orderId);
    if (!order) {
      this.liftedUnknown.add(message.orderId);
      context.reply({ type: "lift.confirmation", inReplyTo: message.messageId, orderId: message.orderId });
      return;
    }
    const heldBefore = new Map(order.frozen);
    const alreadyLifted = order.status === "lifted";
    order.status = "lifted";
    order.liftedAt ??= context.now().toISOString();
    order.frozen = new Map();
    context.reply({ type: "lift.confirmation", inReplyTo: message.messageId, orderId: order.orderId });
    if (context.faults().declareAfterLift && !alreadyLifted) {
      // A declaration that was "in flight": higher sequence, the pre-lift holdings, sent after the confirmation.
      this.sendDeclaration(order, order.orderMessageId, context, { frozen: heldBefore, extraDelayMs: 25 });
    }
  }

  private transfer(message: Message<"transfer.order">, context: AgencyContext) {
    const order = this.orders.get(message.orderId);
    if (!order) return context.reject(message, "INVALID_ORDER", "unknown order");
    if (order.status === "lifted") return context.reject(message, "INVALID_ORDER", "this order has been lifted");
    if (!isIban(message.toIban)) return context.reject(message, "INVALID_ORDER", "toIban is not a valid Kuwaiti IBAN");
    let remaining = min(BigInt(message.amount), this.totalOf(order));
    const amount = remaining;
    for (const account of this.accountsOf(order.debtorId)) {
      if (remaining <= 0n) break;
      const held = order.frozen.get(account.iban) ?? 0n;
      const take = min(held, remaining);
      if (take <= 0n) continue;
      order.frozen.set(account.iban, held - take);
      account.balance -= take;
      remaining -= take;
      // Other money first; what is paid over of a salary or exempt credit counts against its share for good.
      let fromCredits = take - (held - this.creditsFrozenOn(order, account.iban));
      for (const credit of account.credits ?? []) {
        if (fromCredits <= 0n) break;
        const key = creditKey(account.iban, credit.reference);
        const creditHeld = order.frozenCredits.get(key) ?? 0n;
        const paid = min(creditHeld, fromCredits);
        order.frozenCredits.set(key, creditHeld - paid);
        credit.taken += paid;
        fromCredits -= paid;
      }
    }
    order.transferred += amount;
    // What was paid over counts against the order: it never freezes the same value again.
    order.maxAmount = order.maxAmount > amount ? order.maxAmount - amount : 0n;
    const reference = `${this.bankCode}-TRF-${String(this.transfers.length + 1).padStart(6, "0")}`;
    this.transfers.push({ orderId: order.orderId, amount, toIban: message.toIban, reference, at: context.now().toISOString() });
    context.reply({ type: "transfer.confirmation", inReplyTo: message.messageId, orderId: order.orderId, amount: String(amount), transferReference: reference });
    this.sendDeclaration(order, message.messageId, context);
  }

  private disclose(message: Message<"disclosure.request">, context: AgencyContext) {
    const accounts = this.accountsOf(debtorIdOf(message.debtor)).map((account) => ({ iban: account.iban, balance: String(account.balance) }));
    context.reply({ type: "disclosure.statement", inReplyTo: message.messageId, requestId: message.requestId, accounts: accounts.slice(0, 100), securities: [] });
  }

  // ---- inspection -------------------------------------------------------------------------

  /** One debtor at this bank: accounts with what is frozen and available, and the orders. */
  debtorView(debtorId: string) {
    return {
      bank: this.bankCode,
      debtorId,
      accounts: this.accountsOf(debtorId).map((account) => {
        const frozen = this.frozenOn(account.iban);
        return { iban: account.iban, balance: String(account.balance), frozen: String(frozen), available: String(account.balance - frozen) };
      }),
      orders: [...this.orders.values()].filter((order) => order.debtorId === debtorId).map((order) => this.orderView(order)),
    };
  }

  orderView(order: BankOrder) {
    return {
      orderId: order.orderId,
      fileNumber: order.fileNumber,
      debtorId: order.debtorId,
      status: order.status,
      maxAmount: String(order.maxAmount),
      totalFrozen: String(this.totalOf(order)),
      frozen: Object.fromEntries([...order.frozen].filter(([, amount]) => amount > 0n).map(([iban, amount]) => [iban, String(amount)])),
      /** Held of each salary or exempt credit ("<iban> <reference>"). */
      frozenCredits: Object.fromEntries([...order.frozenCredits].filter(([, amount]) => amount > 0n).map(([key, amount]) => [key, String(amount)])),
      terms: order.terms ? { salaryShareBps: order.terms.salaryShareBps, exempt: Object.fromEntries(order.terms.exempt) } : null,
      transferred: String(order.transferred),
      sequence: order.sequence,
      receivedAt: order.receivedAt,
      liftedAt: order.liftedAt,
    };
  }

  order(orderId: string) {
    const order = this.orders.get(orderId);
    return order ? this.orderView(order) : undefined;
  }

  /** Total frozen at this bank for a debtor, all standing orders. */
  totalFrozenFor(debtorId: string): bigint {
    return sum(this.standingOrdersOf(debtorId).map((order) => this.totalOf(order)));
  }

  snapshot() {
    return {
      bank: this.bankCode,
      orders: [...this.orders.values()].map((order) => this.orderView(order)),
      transfers: this.transfers.map((transfer) => ({ ...transfer, amount: String(transfer.amount) })),
    };
  }

  reset() {
    this.accounts.clear();
    this.orders.clear();
    this.liftedUnknown.clear();
    this.earlyAdjustments.clear();
    this.earlyProtection.clear();
    this.transfers = [];
    this.openedAccounts = 0;
  }
}
