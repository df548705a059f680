/** Kysely table type of the read log (migration 0021): reads of debtors' personal or financial data. Kept by hand, next to the SQL in migrations/. */
import type { Generated } from "kysely";

export interface ReadLogTable {
  id: Generated<bigint>;
  read_at: Date;
  reader: string;
  reader_role: string;
  agency_key: string | null;
  file_id: string;
  what: string;
  correlation_id: string;
}

export interface ReadLogSchema {
  read_log: ReadLogTable;
}
