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
  type ProcedureEvent,
} from "../domain/procedures/index.ts";
import { appendActions, fileStream, type Actor, type NewAction, type Tx } from "../storage/action-log.ts";
import { enqueue, type OutboxEntry } from "../storage/outbox.ts";
import { moveOrder, moveProcedure, type StoredOrder, type StoredProcedure } from "../storage/procedures-repository.ts";

export interface ChangeContext {
  actor: Actor;
  correlationId: string;
  now: Date;
}

/** Decisions taken by the automatic checks, not by the person who made the request. */
export const rulesActor: Actor = { id: "system", role: "rules" };

export const outboxTopics = {
  dispatchProcedure: "procedure.dispatch",
  liftOrder: "order.lift",
  /** Electronic notices (src/notices): the debtor served with the title; a procedure's new status. */
  noticeTitleServed: "notice.title_served",
  noticeProcedureChanged: "notice.procedure_changed",
} as const;

export class FileChanges {
  private readonly actions: NewAction[] = [];
  private readonly outbox: OutboxEntry[] = [];

  constructor(
    private readonly tx: Tx,
    private readonly context: ChangeContext,
    readonly fileId: string,
  ) {}

  record(
    kind: string,
    fields: { procedureId?: string; orderId?: string; payload?: Record<string, unknown>; reason?: string | null; actor?: Actor } = {},
  ): void {
    this.actions.push({
      stream: fileStream(this.fileId),
      actor: fields.actor ?? this.context.actor,
      kind,
      fileId: this.fileId,
      procedureId: fields.procedureId ?? null,
      orderId: fields.orderId ?? null,
      payload: fields.payload ?? {},
      reason: fields.reason ?? null,
      correlationId: this.context.correlationId,
      occurredAt: this.context.now,
    });
  }

  /** A side effect to carry out after commit; it carries this change's correlation id along. */
  sideEffect(entry: OutboxEntry): void {
    this.outbox.push({ ...entry, payload: { correlationId: this.context.correlationId, ...entry.payload } });
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
    this.sideEffect({ topic: outboxTopics.noticeProcedureChanged, payload: { procedureId: procedure.id, status: next, event, at: this.context.now.toISOString() } });
  }

  async orderEvent(order: StoredOrder, event: AgencyOrderEvent, payload: Record<string, unknown> = {}): Promise<void> {
    const next = nextAgencyOrderStatus(order.status, event);
    await moveOrder(this.tx, order.id, order.status, next, this.context.now);
    order.status = next;
    this.record(`order.${event}`, {
      procedureId: order.procedureId,
      orderId: order.id,
      payload: { event, agencyKey: order.agencyKey, ...payload },
    });
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
    for (const order of orders) {
      const withdrawal = liftEventForAgencyOrder(order.status);
      if (withdrawal === null) continue;
      await this.orderEvent(order, withdrawal);
      if (withdrawal === "requestLift") {
        this.sideEffect({ topic: outboxTopics.liftOrder, payload: { orderId: order.id } });
      }
    }
    await this.reconcile(procedure, orders);
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
    await this.tx
      .insertInto("agency_orders")
      .values(
        orders.map((order) => ({
          id: order.id,
          procedure_id: procedure.id,
          file_id: this.fileId,
          agency_key: order.agencyKey,
          status: order.status,
          created_at: this.context.now,
          updated_at: this.context.now,
        })),
      )
      .execute();
    for (const order of orders) {
      this.record("order.create", { procedureId: procedure.id, orderId: order.id, payload: { agencyKey: order.agencyKey } });
    }
    this.sideEffect({ topic: outboxTopics.dispatchProcedure, payload: { procedureId: procedure.id } });
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

  async commit(): Promise<void> {
    await appendActions(this.tx, this.actions);
    await enqueue(this.tx, this.outbox, this.context.now);
  }
}
