/**
 * The database as kysely sees it: every table's type, kept by hand next to the SQL of
 * migrations/. Each aggregate's tables are declared in its own folder (`<aggregate>/schema.ts`)
 * and re-exported here; the tables of the infrastructure (the action log, the outbox) are
 * declared here.
 */
import type { ColumnType, Generated } from "kysely";
import type { FilesSchema } from "./files/schema.ts";
import type { RegistrySchema } from "./registry/schema.ts";
import type { ProceduresSchema } from "./procedures/schema.ts";
import type { ExchangeSchema } from "./exchange/schema.ts";
import type { PaymentsSchema } from "./payments/schema.ts";
import type { TreasurySchema } from "./treasury/schema.ts";
import type { DisputesSchema } from "./disputes/schema.ts";
import type { InstalmentsSchema } from "./instalments/schema.ts";
import type { DocumentsSchema } from "./documents/schema.ts";
import type { NoticesSchema } from "./notices/schema.ts";
import type { IdentitySchema } from "./identity/schema.ts";
import type { BulkSchema } from "./bulk/schema.ts";
import type { ReviewSchema } from "./review/schema.ts";
import type { TitlesSchema } from "./titles/schema.ts";
import type { ReadLogSchema } from "./read-log/schema.ts";

export type * from "./files/schema.ts";
export type * from "./registry/schema.ts";
export type * from "./procedures/schema.ts";
export type * from "./exchange/schema.ts";
export type * from "./payments/schema.ts";
export type * from "./treasury/schema.ts";
export type * from "./disputes/schema.ts";
export type * from "./instalments/schema.ts";
export type * from "./read-log/schema.ts";
export type * from "./documents/schema.ts";
export type * from "./notices/schema.ts";
export type * from "./identity/schema.ts";
export type * from "./bulk/schema.ts";
export type * from "./review/schema.ts";
export type * from "./titles/schema.ts";

type Timestamp = Date;
type JsonValue = ColumnType<unknown, string, string>;

export interface ActionStreamsTable {
  stream: string;
  last_seq: bigint;
  head_hash: string;
}

export interface ActionsTable {
  id: Generated<bigint>;
  stream: string;
  seq: bigint;
  occurred_at: Timestamp;
  actor: string;
  actor_role: string;
  action_kind: string;
  file_id: string | null;
  procedure_id: string | null;
  order_id: string | null;
  payload: JsonValue;
  reason: string | null;
  correlation_id: string;
  prev_hash: string;
  hash: string;
}

export interface OutboxTable {
  id: Generated<bigint>;
  topic: string;
  payload: JsonValue;
  created_at: Timestamp;
  available_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  processed_at: Timestamp | null;
}

export interface Schema
  extends FilesSchema,
    RegistrySchema,
    ProceduresSchema,
    ExchangeSchema,
    PaymentsSchema,
    TreasurySchema,
    DisputesSchema,
    InstalmentsSchema,
    DocumentsSchema,
    NoticesSchema,
    IdentitySchema,
    BulkSchema,
    ReviewSchema,
    TitlesSchema,
    ReadLogSchema {
  action_streams: ActionStreamsTable;
  actions: ActionsTable;
  outbox: OutboxTable;
}
