/**
 * Appends actions to the log inside the caller's transaction: takes each stream's head
 * (row-locked, so appends to one file serialize and appends to different files do not),
 * chains the hashes, inserts the rows and moves the heads. Two round trips for any batch
 * (the second also carries the change's other inserts, `alsoInsert`).
 */
import { sql, type InsertQueryBuilder, type InsertResult, type Transaction } from "kysely";
import type { ActionKind, PayloadOf } from "../domain/audit/action-kinds.ts";
import { toJsonValue } from "../domain/audit/canonical-json.ts";
import { actionHash, GENESIS_HASH } from "../domain/audit/hash-chain.ts";
import type { Schema } from "./schema.ts";

export type Tx = Transaction<Schema>;

export interface Actor {
  /** A civil ID, "system", or an agency key such as "bank:NBOK". */
  id: string;
  role: string;
}

/** An action to append: a registered kind with its payload type (src/domain/audit/action-kinds.ts). */
export type NewAction = { [K in ActionKind]: NewActionOf<K> }[ActionKind];

export interface NewActionOf<K extends ActionKind> {
  stream: string;
  actor: Actor;
  kind: K;
  fileId?: string | null;
  procedureId?: string | null;
  orderId?: string | null;
  payload: PayloadOf<K>;
  reason?: string | null;
  correlationId: string;
  occurredAt: Date;
}

/**
 * A generic kind's action as one of the union (the compiler checks the payload against the
 * kind at the call; TypeScript cannot see a generic K's action as a member of the union).
 */
export function actionOf<K extends ActionKind>(action: NewActionOf<K>): NewAction {
  return action as NewAction;
}

export type AppendedAction = NewAction & {
  seq: bigint;
  hash: string;
};

export const fileStream = (fileId: string) => `file:${fileId}`;
export const REGISTRY_STREAM = "registry";

/** A stream's head: the last sequence number and hash (GENESIS_HASH at 0 for a new stream). */
export interface StreamHead {
  seq: bigint;
  hash: string;
}

/**
 * Chains actions onto their streams' heads (moving `headOf` along) and returns the rows to
 * insert. Pure: the one place a row's seq, prev_hash and hash are computed, used by
 * `appendActions` and by the bulk seeder (src/seed/bulk-seed.ts).
 */
export function chainActions(headOf: Map<string, StreamHead>, actions: readonly NewAction[]) {
  const appended: AppendedAction[] = [];
  const rows = actions.map((action) => {
    const head = headOf.get(action.stream) ?? { seq: 0n, hash: GENESIS_HASH };
    const seq = head.seq + 1n;
    const payload = toJsonValue(action.payload);
    const fields = {
      stream: action.stream,
      seq,
      occurredAt: action.occurredAt,
      actor: action.actor.id,
      actorRole: action.actor.role,
      kind: action.kind,
      fileId: action.fileId ?? null,
      procedureId: action.procedureId ?? null,
      orderId: action.orderId ?? null,
      payload,
      reason: action.reason ?? null,
      correlationId: action.correlationId,
    };
    const hash = actionHash(head.hash, fields);
    headOf.set(action.stream, { seq, hash });
    appended.push({ ...action, seq, hash });
    return {
      stream: fields.stream,
      seq,
      occurred_at: fields.occurredAt,
      actor: fields.actor,
      actor_role: fields.actorRole,
      action_kind: fields.kind,
      file_id: fields.fileId,
      procedure_id: fields.procedureId,
      order_id: fields.orderId,
      payload: JSON.stringify(payload),
      reason: fields.reason,
      correlation_id: fields.correlationId,
      prev_hash: head.hash,
      hash,
    };
  });
  return { rows, appended };
}

/**
 * `alsoInsert`: inserts of the same change (e.g. its outbox entries) sent in the same
 * statement as the actions, as data-modifying CTEs: one round trip fewer per use case.
 */
export async function appendActions(tx: Tx, actions: readonly NewAction[], alsoInsert: readonly InsertQueryBuilder<Schema, keyof Schema, InsertResult>[] = []): Promise<AppendedAction[]> {
  if (actions.length === 0) {
    for (const insert of alsoInsert) await insert.execute();
    return [];
  }
  // Lock heads in a fixed order so two transactions never wait on each other in a cycle.
  const streams = [...new Set(actions.map((action) => action.stream))].sort();
  const heads = await tx
    .insertInto("action_streams")
    .values(streams.map((stream) => ({ stream, last_seq: 0n, head_hash: GENESIS_HASH })))
    .onConflict((conflict) => conflict.column("stream").doUpdateSet({ stream: sql`excluded.stream` }))
    .returning(["stream", "last_seq", "head_hash"])
    .execute();
  const headOf = new Map(heads.map((head) => [head.stream, { seq: head.last_seq, hash: head.head_hash }]));
  const { rows, appended } = chainActions(headOf, actions);

  const newHeads = [...headOf.entries()];
  await sql`
    WITH inserted AS (${tx.insertInto("actions").values(rows)})${sql.join(alsoInsert.map((insert, index) => sql`, ${sql.id(`also_${index}`)} AS (${insert})`), sql``)}
    UPDATE action_streams AS s SET last_seq = h.last_seq::bigint, head_hash = h.head_hash
    FROM (VALUES ${sql.join(newHeads.map(([stream, head]) => sql`(${stream}, ${head.seq.toString()}, ${head.hash})`))})
      AS h (stream, last_seq, head_hash)
    WHERE s.stream = h.stream`.execute(tx);
  return appended;
}
