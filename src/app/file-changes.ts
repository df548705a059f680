/**
 * Everything one use case changes on one file, applied through the state machines:
 * each accepted event moves its projection row (conditionally) and becomes an action;
 * side effects become outbox entries. `commit` appends all of them in the caller's
 * transaction, so the projection, the log and the outbox never disagree.
 */
import {
  liftEventForAgencyOrder,
  nextAgencyOrderStatus,
  nextProcedureStatus,
  reconcileProcedure,
  canProcedure,
  initialAgencyOrderStatus,
  type AgencyOrderEvent,
  type AgencyOrderStatus,
  type ProcedureEvent,
} from "../domain/procedures/index.ts";
import type { FileActionKind, PayloadOf } from "../domain/audit/action-kinds.ts";
import { actionOf, appendActions, fileStream, type Actor, type NewAction, type Tx } from "../storage/action-log.ts";
import { outboxInsert, type OutboxRow } from "../storage/outbox.ts";
import type { OutboxEntry } from "./outbox-topics.ts";
import { insertOrders, markOrdersSent, moveOrder, moveOrders, moveProcedure, type StoredOrder, type StoredProcedure } from "../storage/procedures/repository.ts";

export interface ChangeContext {
  actor: Actor;
  correlationId: string;
  now: Date;
}

/** Decisions taken by the automatic checks, not by the person who made the request. */
export const rulesActor: Actor = { id: "system", role: "rules" };

/**
 * Order status moves held back and written together (the answers of one agency batch):
 * one conditional UPDATE per (first status, last status) pair instead of one per answer.
 * Written before anything reads orders' statuses from the database (the cap) and at commit.
 */
export class OrderMoves {
  private readonly pending = new Map<string, { from: AgencyOrderStatus; to: AgencyOrderStatus }>();

  add(orderId: string, from: AgencyOrderStatus, to: AgencyOrderStatus): void {
    const earlier = this.pending.get(orderId);
    this.pending.set(orderId, { from: earlier?.from ?? from, to });
  }

  async flush(tx: Tx, now: Date): Promise<void> {
    const groups = new Map<string, { from: AgencyOrderStatus; to: AgencyOrderStatus; ids: string[] }>();
    for (const [id, { from, to }] of this.pending) {
      if (from === to) continue;
      const key = `${from}>${to}`;
      const group = groups.get(key) ?? { from, to, ids: [] };
      group.ids.push(id);
      groups.set(key, group);
    }
    this.pending.clear();
    for (const group of groups.values()) await moveOrders(tx, group.ids, group.from, group.to, now);
  }
}

export class FileChanges {
  private readonly actions: NewAction[] = [];
  private readonly outbox: OutboxRow[] = [];

  private readonly tx: Tx;
  private readonly context: ChangeContext;
  readonly fileId: string;
  /** Order moves written later, with others (see OrderMoves); absent: each written at once. */
  private readonly moves: OrderMoves | undefined;

  constructor(tx: Tx, context: ChangeContext, fileId: string, moves?: OrderMoves) {
    this.tx = tx;
    this.context = context;
    this.fileId = fileId;
    this.moves = moves;
  }

  /** Writes order moves held back (before reading orders' statuses from the database). */
  async flushOrderMoves(): Promise<void> {
    await this.moves?.flush(this.tx, this.context.now);
  }

  /** Records an action on the file: a registered kind with its payload type (src/domain/audit/action-kinds.ts). */
  record<K extends FileActionKind>(kind: K, fields: { payload: PayloadOf<K>; procedureId?: string | undefined; orderId?: string | undefined; reason?: string | null; actor?: Actor }): void {
    this.actions.push(
      actionOf<K>({
        stream: fileStream(this.fileId),
        actor: fields.actor ?? this.context.actor,
        kind,
        fileId: this.fileId,
        procedureId: fields.procedureId ?? null,
        orderId: fields.orderId ?? null,
        payload: fields.payload,
        reason: fields.reason ?? null,
        correlationId: this.context.correlationId,
        occurredAt: this.context.now,
      }),
    );
  }

  /** A side effect to carry out after commit; it carries this change's correlation id along. */
  sideEffect(entry: OutboxEntry): void {
    this.outbox.push({ topic: entry.topic, payload: { correlationId: this.context.correlationId, ...entry.payload } });
  }

  async procedureEvent(
    procedure: StoredProcedure,
    event: ProcedureEvent,
    payload: Record<string, unknown> = {},
    reason: string | null = null,
    actor?: Actor,
  ): Promise<void> {
    const next = nextProcedureStatus(procedure.kind, procedure.status, event);
    await moveProcedure(this.tx, procedure.id, procedure.status, next, this.context.now);
    procedure.status = next;
    this.record(`procedure.${event}`, { procedureId: procedure.id, payload: { event, ...payload }, reason, ...(actor ? { actor } : {}) });
    this.sideEffect({ topic: "notice.procedure_changed", payload: { procedureId: procedure.id, status: next, event, at: this.context.now.toISOString() } });
  }

  async orderEvent(order: StoredOrder, event: AgencyOrderEvent, payload: Record<string, unknown> = {}): Promise<void> {
    const next = nextAgencyOrderStatus(order.status, event);
    if (this.moves) this.moves.add(order.id, order.status, next);
    else await moveOrder(this.tx, order.id, order.status, next, this.context.now);
    order.status = next;
    this.record(`order.${event}`, {
      procedureId: order.procedureId,
      orderId: order.id,
      payload: { event, agencyKey: order.agencyKey, ...payload },
    });
  }

  /** Sends a procedure's pending orders: one statement for all of them, an `order.send` action each. */
  async ordersSent(orders: StoredOrder[], dueAt: (order: StoredOrder) => Date, maxAmount: bigint | null): Promise<void> {
    for (const order of orders) nextAgencyOrderStatus(order.status, "send");
    await markOrdersSent(this.tx, orders.map((order) => ({ id: order.id, answerDueAt: dueAt(order), maxAmount })), this.context.now);
    for (const order of orders) {
      order.status = "sent";
      this.record("order.send", { procedureId: order.procedureId, orderId: order.id, payload: { event: "send", agencyKey: order.agencyKey } });
    }
  }

  /**
   * Ends a procedure: waiver by the creditor, lift (payment, satisfaction, lapse), or
   * expiry before anything was sent. Orders still in the outbox are cancelled; orders an
   * agency may know of get a lift order.
   */
  async endProcedure(
    procedure: StoredProcedure,
    orders: StoredOrder[],
    event: "waive" | "lift" | "expire",
    reason: string | null,
    payload: Record<string, unknown> = {},
  ): Promise<void> {
    await this.procedureEvent(procedure, event, payload, reason);
    const withdrawals = orders.flatMap((order) => {
      const withdrawal = liftEventForAgencyOrder(order.status);
      return withdrawal === null ? [] : [{ order, event: withdrawal }];
    });
    await this.orderEvents(withdrawals);
    // One lift job for all of the procedure's orders (ten banks: one job, not ten).
    const lifts = withdrawals.filter((withdrawal) => withdrawal.event === "requestLift").map((withdrawal) => withdrawal.order.id);
    if (lifts.length > 0) this.sideEffect({ topic: "order.lift", payload: { orderIds: lifts } });
    await this.reconcile(procedure, orders);
  }

  /**
   * Several order events at once: every move checked first, one conditional UPDATE per
   * (from, to) pair, the actions recorded in the order given.
   */
  async orderEvents(moves: readonly { order: StoredOrder; event: AgencyOrderEvent; payload?: Record<string, unknown> }[]): Promise<void> {
    const planned = moves.map((move) => ({ ...move, from: move.order.status, to: nextAgencyOrderStatus(move.order.status, move.event) }));
    const groups = new Map<string, typeof planned>();
    for (const move of planned) groups.set(`${move.from}>${move.to}`, [...(groups.get(`${move.from}>${move.to}`) ?? []), move]);
    for (const group of groups.values()) {
      await moveOrders(this.tx, group.map((move) => move.order.id), group[0]!.from, group[0]!.to, this.context.now);
    }
    for (const move of planned) {
      move.order.status = move.to;
      this.record(`order.${move.event}`, { procedureId: move.order.procedureId, orderId: move.order.id, payload: { event: move.event, agencyKey: move.order.agencyKey, ...move.payload } });
    }
  }

  /** Creates one pending order per agency and queues the procedure's dispatch. */
  async createOrders(procedure: StoredProcedure, agencyKeys: readonly string[], newId: () => string): Promise<StoredOrder[]> {
    const orders: StoredOrder[] = agencyKeys.map((key) => ({
      id: newId(),
      procedureId: procedure.id,
      agencyKey: key,
      status: initialAgencyOrderStatus,
      amountHeld: 0n,
    }));
    await insertOrders(this.tx, { id: procedure.id, fileId: this.fileId }, orders, this.context.now);
    for (const order of orders) {
      this.record("order.create", { procedureId: procedure.id, orderId: order.id, payload: { agencyKey: order.agencyKey } });
    }
    this.sideEffect({ topic: "procedure.dispatch", payload: { procedureId: procedure.id } });
    return orders;
  }

  /** Applies what the orders imply for their procedure (e.g. every lift confirmed: lifted). */
  async reconcile(procedure: StoredProcedure, orders: readonly StoredOrder[]): Promise<void> {
    const { events } = reconcileProcedure(
      procedure.kind,
      procedure.status,
      orders.map((order) => order.status),
    );
    for (const event of events) await this.procedureEvent(procedure, event, { derivedFromOrders: true }, null, rulesActor);
  }

  /** The event that ends a procedure when its file is satisfied, or null if it already ends. */
  static satisfactionEvent(procedure: StoredProcedure): "lift" | "expire" | null {
    if (canProcedure(procedure.kind, procedure.status, "lift")) return "lift";
    if (canProcedure(procedure.kind, procedure.status, "expire")) return "expire";
    return null;
  }

  /**
   * Commits several changes at once (e.g. the answers of one agency batch, on many files):
   * their actions, each with its own correlation id, and outbox entries in one statement.
   * Each stream still chains in the order its changes were made.
   */
  static async commitTogether(tx: Tx, changes: readonly FileChanges[], now: Date): Promise<void> {
    for (const change of changes) await change.flushOrderMoves();
    const outbox = outboxInsert(tx, changes.flatMap((change) => change.outbox), now);
    await appendActions(tx, changes.flatMap((change) => change.actions), outbox ? [outbox as never] : []);
  }

  async commit(): Promise<void> {
    await this.flushOrderMoves();
    // The outbox entries travel in the actions' statement: one round trip fewer.
    const outbox = outboxInsert(this.tx, this.outbox, this.context.now);
    await appendActions(this.tx, this.actions, outbox ? [outbox as never] : []);
  }
}
